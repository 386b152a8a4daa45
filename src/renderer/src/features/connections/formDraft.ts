import type { ProfileDraftInput, SecretInput } from '../../../../shared/contract/connections';
import type { ConnectionForm, SecretEdit } from './form';
import { sshFormToDraft } from './sshForm';

/**
 * The connection form turned into the contract's draft (pure; unit tested through
 * form.ts, which re-exports these): the schema then validates it, and its issues
 * are mapped back onto the form's fields (formValidation.ts).
 */

export const splitHosts = (text: string): string[] => text.split(/[\s,]+/).filter((h) => h !== '');

export function secretInput(edit: SecretEdit): SecretInput {
  if (edit.stored && edit.mode === 'keep') return { action: 'keep' };
  if (edit.stored && edit.mode === 'clear') return { action: 'clear' };
  return edit.value !== '' ? { action: 'set', value: edit.value } : { action: 'keep' };
}

/** A secret the form no longer uses: removed from the vault if one is stored, else nothing. */
const clearIfStored = (edit: SecretEdit): SecretInput => (edit.stored ? { action: 'clear' } : { action: 'keep' });

/** Parses digits only; anything else becomes NaN so the schema reports it. */
const toInt = (text: string): number => (/^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN);

export function formToDraft(form: ConnectionForm): ProfileDraftInput {
  const common = {
    name: form.name.trim(),
    color: form.color,
    environment: form.environment,
    readOnly: form.readOnly,
    group: form.group.trim(),
    tls: {
      enabled: form.tls.enabled,
      ca: form.tls.enabled ? form.tls.ca.trim() : '',
      cert: form.tls.enabled ? form.tls.cert.trim() : '',
      key: form.tls.enabled ? secretInput(form.tls.key) : ({ action: 'keep' } as const),
      keyPassphrase: form.tls.enabled ? secretInput(form.tls.keyPassphrase) : ({ action: 'keep' } as const),
      insecureSkipVerify: form.tls.enabled && form.tls.insecureSkipVerify,
      serverName: form.tls.enabled ? form.tls.serverName.trim() : '',
    },
    ssh: sshFormToDraft(form.ssh),
  };
  const username = form.username.trim();
  const password = secretInput(form.password);
  switch (form.kind) {
    case 'kafka':
      return {
        ...common,
        kind: 'kafka',
        brokers: splitHosts(form.hosts),
        clientId: form.clientId.trim(),
        sasl:
          form.saslMechanism === 'none'
            ? {
                mechanism: 'none',
                username: '',
                password: form.password.stored ? { action: 'clear' } : { action: 'keep' },
              }
            : form.saslMechanism === 'oauthbearer'
              ? {
                  mechanism: 'oauthbearer',
                  username,
                  password,
                  tokenEndpoint: form.tokenEndpoint.trim(),
                  scope: form.oauthScope.trim(),
                }
              : form.saslMechanism === 'aws-msk-iam'
                ? {
                    // The AWS credentials come from the AWS profile files: nothing to keep in the vault.
                    mechanism: 'aws-msk-iam',
                    username: '',
                    password: form.password.stored ? { action: 'clear' } : { action: 'keep' },
                    region: form.awsRegion.trim(),
                    awsProfile: form.awsProfile.trim(),
                  }
                : { mechanism: form.saslMechanism, username, password },
        connect: {
          url: form.connectUrl.trim(),
          username: form.connectUsername.trim(),
          password: secretInput(form.connectPassword),
        },
        schemaRegistry: {
          url: form.registryUrl.trim(),
          auth: form.registryAuth,
          username: form.registryAuth === 'basic' ? form.registryUsername.trim() : '',
          // A scheme not chosen keeps no secret: switching to bearer clears a stored password, and back.
          password:
            form.registryAuth === 'basic' ? secretInput(form.registryPassword) : clearIfStored(form.registryPassword),
          token: form.registryAuth === 'bearer' ? secretInput(form.registryToken) : clearIfStored(form.registryToken),
        },
      };
    case 'mongo':
      return {
        ...common,
        kind: 'mongo',
        endpoint:
          form.mongoMode === 'fields'
            ? {
                mode: 'fields',
                hosts: splitHosts(form.hosts),
                replicaSet: form.replicaSet.trim(),
                directConnection: form.directConnection,
              }
            : { mode: 'uri', uri: form.mongoUri.trim() },
        username,
        password,
        authSource: form.authSource.trim(),
        authMechanism: form.authMechanism,
      };
    case 'cassandra':
      return {
        ...common,
        kind: 'cassandra',
        contactPoints: splitHosts(form.hosts),
        localDataCenter: form.localDataCenter.trim(),
        keyspace: form.keyspace.trim(),
        cloudMetadata: form.cloudMetadata.trim(),
        username,
        password,
      };
    case 'neo4j':
      return {
        ...common,
        kind: 'neo4j',
        uri: form.neo4jUri.trim(),
        database: form.database.trim(),
        username,
        password,
      };
    case 'redis':
      return {
        ...common,
        kind: 'redis',
        host: form.host.trim(),
        port: toInt(form.port),
        db: form.redisCluster ? 0 : toInt(form.db),
        cluster: form.redisCluster,
        seeds: form.redisCluster ? splitHosts(form.hosts) : [],
        username,
        password,
      };
  }
}
