import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Embedded Neo4j Community with the Bolt connector, for the Stackdeck local
 * stack (tests/stack/servers/neo4j.ts). Maven Central has no Neo4j server
 * distribution, only the embeddable jars, so this class plays the part of
 * `neo4j console`: it starts a DBMS on a home directory, serves Bolt, and
 * runs until the process is told to stop.
 *
 * Usage: java -cp classes:lib/* StackdeckNeo4j HOME_DIR LOGS_DIR HOST PORT
 */
public final class StackdeckNeo4j {
    private StackdeckNeo4j() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 4) {
            System.err.println("usage: StackdeckNeo4j HOME_DIR LOGS_DIR HOST PORT");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        Path logs = Path.of(args[1]).toAbsolutePath();
        SocketAddress bolt = new SocketAddress(args[2], Integer.parseInt(args[3]));

        long started = System.nanoTime();
        DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(home)
                    // The user log (start-up, shutdown, errors) goes to stdout, which the
                    // stack CLI captures in .stack/logs/neo4j.log; debug.log and
                    // query.log land in LOGS_DIR.
                    .setUserLogProvider(new Log4jLogProvider(System.out, Level.INFO))
                    .setConfig(GraphDatabaseSettings.logs_directory, logs)
                    // Bolt only, on loopback. No HTTP(S): the console speaks Bolt, and
                    // fewer listeners means fewer port clashes on a shared machine.
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, bolt)
                    .setConfig(BoltConnector.advertised_address, bolt)
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    // Auth off: dev/test stack on 127.0.0.1 only; clients may send any
                    // credentials or none. (The compose file sets NEO4J_AUTH=none too.)
                    .setConfig(GraphDatabaseSettings.auth_enabled, false)
                    // Small page cache: test graphs are tiny and the machine is shared.
                    .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(64))
                    // No usage reporting: the stack must not talk to anything but loopback.
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    // Transaction logs of a throwaway database are not worth keeping, and
                    // the default 256 MiB preallocated log file per database (system and
                    // neo4j) would cost half a GiB of disk before the first write.
                    .setConfig(GraphDatabaseSettings.keep_logical_logs, "1 files")
                    .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(16))
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(5))
                    .build();
        } catch (RuntimeException e) {
            // Exit instead of lingering half-started, so the CLI sees a dead process.
            System.err.println("StackdeckNeo4j: failed to start: " + e);
            e.printStackTrace();
            System.exit(1);
            return;
        }

        final DatabaseManagementService service = dbms;
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM/SIGINT run the shutdown hooks: close the databases cleanly so the
        // next start does not need recovery.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("StackdeckNeo4j: shutting down");
            try {
                service.shutdown();
            } finally {
                stopped.countDown();
                System.out.println("StackdeckNeo4j: stopped");
            }
        }, "stackdeck-neo4j-shutdown"));

        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.println("StackdeckNeo4j: Bolt listening on " + bolt + " (started in " + ms + " ms)");
        // The DBMS threads are daemons, so main must stay alive until shutdown.
        stopped.await();
    }
}
