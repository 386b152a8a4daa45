import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.configuration.ssl.ClientAuth;
import org.neo4j.configuration.ssl.SslPolicyConfig;
import org.neo4j.configuration.ssl.SslPolicyScope;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * The secure twin of the stack's Neo4j (tests/stack/servers/neo4j-secure.ts):
 * several small embedded DBMSes in ONE JVM, each with auth on and Bolt over
 * TLS only. Neo4j 5 has a single Bolt connector with a single SSL policy per
 * DBMS, so each TLS case (a certificate, a client-certificate policy) needs a
 * DBMS of its own; sharing one JVM (one heap, one copy of the classes) keeps
 * that to a few hundred MB instead of one JVM per case.
 *
 * Usage: java -cp classes:lib/* StackdeckNeo4jSecure HOME LOGS HOST CA_CERT VARIANT...
 * where VARIANT is name:port:certFile:keyFile:NONE|REQUIRE. The password of
 * the `neo4j` user comes from the environment (STACKDECK_NEO4J_PASSWORD), not
 * the command line, and is set at every start (idempotent).
 */
public final class StackdeckNeo4jSecure {
    private StackdeckNeo4jSecure() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: StackdeckNeo4jSecure HOME LOGS HOST CA_CERT name:port:cert:key:NONE|REQUIRE...");
            System.exit(2);
        }
        String password = System.getenv("STACKDECK_NEO4J_PASSWORD");
        if (password == null || password.isEmpty()) {
            System.err.println("StackdeckNeo4jSecure: STACKDECK_NEO4J_PASSWORD is not set");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        Path logs = Path.of(args[1]).toAbsolutePath();
        String host = args[2];
        Path ca = Path.of(args[3]).toAbsolutePath();

        List<DatabaseManagementService> started = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            for (int i = 4; i < args.length; i++) {
                String[] v = args[i].split(":");
                if (v.length != 5) throw new IllegalArgumentException("bad variant " + args[i]);
                started.add(start(home.resolve(v[0]), logs.resolve(v[0]), new SocketAddress(host, Integer.parseInt(v[1])),
                        ca, Path.of(v[2]), Path.of(v[3]), ClientAuth.valueOf(v[4]), password));
                System.out.println("StackdeckNeo4jSecure: " + v[0] + " Bolt+TLS on " + host + ":" + v[1]
                        + " (client_auth " + v[4] + ")");
            }
        } catch (Exception e) {
            // Exit instead of lingering half-started, so the CLI sees a dead process.
            System.err.println("StackdeckNeo4jSecure: failed to start: " + e);
            e.printStackTrace();
            for (DatabaseManagementService s : started) s.shutdown();
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("StackdeckNeo4jSecure: shutting down");
            try {
                for (DatabaseManagementService s : started) s.shutdown();
            } finally {
                stopped.countDown();
                System.out.println("StackdeckNeo4jSecure: stopped");
            }
        }, "stackdeck-neo4j-secure-shutdown"));
        System.out.println("StackdeckNeo4jSecure: ready in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        stopped.await();
    }

    private static DatabaseManagementService start(Path home, Path logs, SocketAddress bolt, Path ca, Path cert, Path key,
            ClientAuth clientAuth, String password) throws Exception {
        // The policy reads every file in trusted_dir as a trusted CA (for client
        // certificates); it must exist even when no client certificate is asked for.
        Path certs = home.resolve("certs");
        Path trusted = certs.resolve("trusted");
        Path revoked = certs.resolve("revoked");
        Files.createDirectories(trusted);
        Files.createDirectories(revoked);
        Files.copy(ca, trusted.resolve("ca.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        SslPolicyConfig policy = SslPolicyConfig.forScope(SslPolicyScope.BOLT);
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home.resolve("data"))
                .setUserLogProvider(new Log4jLogProvider(System.out, Level.WARN))
                .setConfig(GraphDatabaseSettings.logs_directory, logs)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, bolt)
                .setConfig(BoltConnector.advertised_address, bolt)
                // TLS only: a plain-text client is refused at the Bolt handshake.
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.REQUIRED)
                .setConfig(policy.enabled, true)
                .setConfig(policy.base_directory, certs)
                .setConfig(policy.public_certificate, cert.toAbsolutePath())
                .setConfig(policy.private_key, key.toAbsolutePath())
                .setConfig(policy.trusted_dir, trusted)
                .setConfig(policy.revoked_dir, revoked)
                .setConfig(policy.client_auth, clientAuth)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // The matrix sends wrong passwords on purpose; the default lock-out
                // (3 failures, then 5 s) would fail the right-password cases after them.
                .setConfig(GraphDatabaseSettings.auth_max_failed_attempts, 0)
                // Tiny page caches: these graphs hold a handful of nodes.
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(8))
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "1 files")
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(4))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(5))
                .build();
        // The embedded API runs with full rights, so this sets the password without
        // a login; CHANGE NOT REQUIRED lets drivers run queries straight away.
        try {
            dbms.database("system").executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (org.neo4j.graphdb.QueryExecutionException e) {
            // A restart on the same data: the password is already this one (and was
            // set with CHANGE NOT REQUIRED). Anything else is a real failure.
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) throw e;
        }
        return dbms;
    }
}
