import type { ReactNode } from 'react';
import { Field, Segmented } from '../../ui/Field';
import type { ConnectionForm, FieldErrors, MongoAuthMechanism, SaslMechanism } from './form';
import { MskIamFields, OAuthFields } from './OAuthFields';
import { SchemaRegistryFields } from './SchemaRegistryFields';
import { SecretField } from './SecretField';

export interface KindFieldsProps {
  form: ConnectionForm;
  set: (patch: Partial<ConnectionForm>) => void;
  errors: FieldErrors;
}

/** The fields specific to the profile's kind. */
export function KindFields(props: KindFieldsProps): ReactNode {
  switch (props.form.kind) {
    case 'kafka':
      return <KafkaFields {...props} />;
    case 'mongo':
      return <MongoFields {...props} />;
    case 'cassandra':
      return <CassandraFields {...props} />;
    case 'neo4j':
      return <Neo4jFields {...props} />;
    case 'redis':
      return <RedisFields {...props} />;
  }
}

function TextField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
  placeholder?: string;
  className?: string;
  inputMode?: 'numeric' | 'text';
  autoFocus?: boolean;
}): ReactNode {
  return (
    <Field label={props.label} hint={props.hint} error={props.error} className={props.className}>
      {(control) => (
        <input
          {...control}
          className="input"
          value={props.value}
          placeholder={props.placeholder}
          inputMode={props.inputMode}
          spellCheck={false}
          autoComplete="off"
          data-autofocus={props.autoFocus ? true : undefined}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

function HostsField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  placeholder: string;
}): ReactNode {
  return (
    <Field
      label={props.label}
      hint="host:port, one per line or separated by commas."
      error={props.error}
      className="span-2"
    >
      {(control) => (
        <textarea
          {...control}
          className="textarea"
          rows={2}
          value={props.value}
          placeholder={props.placeholder}
          spellCheck={false}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

function Credentials({
  form,
  set,
  errors,
  userLabel = 'Username',
  userHint,
}: KindFieldsProps & { userLabel?: string; userHint?: string }): ReactNode {
  return (
    <>
      <TextField
        label={userLabel}
        value={form.username}
        onChange={(username) => set({ username })}
        error={errors.username}
        hint={userHint}
      />
      <SecretField
        label="Password"
        edit={form.password}
        onChange={(password) => set({ password })}
        error={errors.password}
      />
    </>
  );
}

function KafkaFields({ form, set, errors }: KindFieldsProps): ReactNode {
  return (
    <>
      <HostsField
        label="Bootstrap brokers"
        value={form.hosts}
        onChange={(hosts) => set({ hosts })}
        error={errors.hosts}
        placeholder="127.0.0.1:9092"
      />
      <TextField
        label="Client ID"
        value={form.clientId}
        onChange={(clientId) => set({ clientId })}
        error={errors.clientId}
      />
      <Field label="SASL mechanism" error={errors.saslMechanism}>
        {(control) => (
          <select
            {...control}
            className="select"
            value={form.saslMechanism}
            onChange={(event) => set({ saslMechanism: event.target.value as SaslMechanism })}
          >
            <option value="none">None</option>
            <option value="plain">PLAIN</option>
            <option value="scram-sha-256">SCRAM-SHA-256</option>
            <option value="scram-sha-512">SCRAM-SHA-512</option>
            <option value="oauthbearer">OAUTHBEARER (OAuth client credentials)</option>
            <option value="aws-msk-iam">AWS MSK IAM</option>
          </select>
        )}
      </Field>
      {form.saslMechanism === 'oauthbearer' ? (
        <OAuthFields form={form} set={set} errors={errors} />
      ) : form.saslMechanism === 'aws-msk-iam' ? (
        <MskIamFields form={form} set={set} errors={errors} />
      ) : form.saslMechanism !== 'none' ? (
        <Credentials form={form} set={set} errors={errors} userLabel="SASL username" />
      ) : null}
      <TextField
        label="Kafka Connect URL"
        value={form.connectUrl}
        onChange={(connectUrl) => set({ connectUrl })}
        error={errors.connectUrl}
        placeholder="http://127.0.0.1:8083 (optional)"
      />
      {form.connectUrl.trim() !== '' ? (
        <>
          <TextField
            label="Connect username"
            value={form.connectUsername}
            onChange={(connectUsername) => set({ connectUsername })}
            error={errors.connectUsername}
            hint="Basic auth; leave empty when the worker has none. An https URL uses the TLS settings below."
          />
          <SecretField
            label="Connect password"
            edit={form.connectPassword}
            onChange={(connectPassword) => set({ connectPassword })}
            error={errors.connectPassword}
          />
        </>
      ) : null}
      <SchemaRegistryFields form={form} set={set} errors={errors} />
    </>
  );
}

function MongoFields({ form, set, errors }: KindFieldsProps): ReactNode {
  return (
    <>
      <div className="span-2">
        <Segmented
          label="How to reach the server"
          value={form.mongoMode}
          options={[
            { value: 'fields', label: 'Hosts' },
            { value: 'uri', label: 'Connection string' },
          ]}
          onChange={(mongoMode) => set({ mongoMode })}
        />
      </div>
      {form.mongoMode === 'fields' ? (
        <>
          <HostsField
            label="Hosts"
            value={form.hosts}
            onChange={(hosts) => set({ hosts })}
            error={errors.hosts}
            placeholder="127.0.0.1:27017"
          />
          <TextField
            label="Replica set"
            value={form.replicaSet}
            onChange={(replicaSet) => set({ replicaSet })}
            error={errors.replicaSet}
            hint="Empty for a standalone server."
          />
          <label className="check field-check">
            <input
              type="checkbox"
              checked={form.directConnection}
              onChange={(event) => set({ directConnection: event.target.checked })}
            />
            Direct connection (no replica set discovery)
          </label>
        </>
      ) : (
        <TextField
          className="span-2"
          label="Connection string"
          value={form.mongoUri}
          onChange={(mongoUri) => set({ mongoUri })}
          error={errors.mongoUri}
          placeholder="mongodb+srv://cluster0.example.net/?retryWrites=true"
          hint="Without user or password: enter those below. Only known-safe options are accepted."
        />
      )}
      <Credentials form={form} set={set} errors={errors} />
      <TextField
        label="Authentication database"
        value={form.authSource}
        onChange={(authSource) => set({ authSource })}
        error={errors.authSource}
        placeholder="admin"
      />
      <Field label="Authentication mechanism" error={errors.authMechanism}>
        {(control) => (
          <select
            {...control}
            className="select"
            value={form.authMechanism}
            onChange={(event) => set({ authMechanism: event.target.value as MongoAuthMechanism })}
          >
            <option value="default">Default (negotiate)</option>
            <option value="SCRAM-SHA-256">SCRAM-SHA-256</option>
            <option value="SCRAM-SHA-1">SCRAM-SHA-1</option>
            <option value="PLAIN">PLAIN (LDAP)</option>
          </select>
        )}
      </Field>
    </>
  );
}

function CassandraFields({ form, set, errors }: KindFieldsProps): ReactNode {
  return (
    <>
      <HostsField
        label="Contact points"
        value={form.hosts}
        onChange={(hosts) => set({ hosts })}
        error={errors.hosts}
        placeholder="127.0.0.1:9042"
      />
      <TextField
        label="Local data center"
        value={form.localDataCenter}
        onChange={(localDataCenter) => set({ localDataCenter })}
        error={errors.localDataCenter}
        hint="As shown by nodetool status."
      />
      <TextField
        label="Default keyspace"
        value={form.keyspace}
        onChange={(keyspace) => set({ keyspace })}
        error={errors.keyspace}
        hint="Optional."
      />
      <TextField
        label="Astra metadata service"
        value={form.cloudMetadata}
        onChange={(cloudMetadata) => set({ cloudMetadata })}
        error={errors.cloudMetadata}
        hint="host:port, filled in from an Astra bundle: core asks it for the proxy and connects through it. Empty for your own cluster."
      />
      <Credentials form={form} set={set} errors={errors} />
    </>
  );
}

function Neo4jFields({ form, set, errors }: KindFieldsProps): ReactNode {
  return (
    <>
      <TextField
        className="span-2"
        label="URI"
        value={form.neo4jUri}
        onChange={(neo4jUri) => set({ neo4jUri })}
        error={errors.neo4jUri}
        placeholder="bolt://127.0.0.1:7687"
        hint="bolt:// for a single server, neo4j:// for a cluster with routing. Turn on encryption in the TLS section."
      />
      <TextField
        label="Database"
        value={form.database}
        onChange={(database) => set({ database })}
        error={errors.database}
        hint="Empty uses the server's default database."
      />
      <div />
      <Credentials form={form} set={set} errors={errors} />
    </>
  );
}

function RedisFields({ form, set, errors }: KindFieldsProps): ReactNode {
  return (
    <>
      <TextField
        label="Host"
        value={form.host}
        onChange={(host) => set({ host })}
        error={errors.host}
        placeholder="127.0.0.1"
      />
      <div className="form-row-2">
        <TextField
          label="Port"
          value={form.port}
          onChange={(port) => set({ port })}
          error={errors.port}
          inputMode="numeric"
        />
        {form.redisCluster ? null : (
          <TextField
            label="Database"
            value={form.db}
            onChange={(db) => set({ db })}
            error={errors.db}
            inputMode="numeric"
          />
        )}
      </div>
      <label className="check field-check">
        <input
          type="checkbox"
          checked={form.redisCluster}
          onChange={(event) =>
            set({ redisCluster: event.target.checked, ...(event.target.checked ? { db: '0' } : {}) })
          }
        />
        Redis Cluster (keys of every master; database 0 only)
      </label>
      {form.redisCluster ? (
        <HostsField
          label="More seed nodes (optional)"
          value={form.hosts}
          onChange={(hosts) => set({ hosts })}
          error={errors.hosts}
          placeholder="127.0.0.1:7002, 127.0.0.1:7003"
        />
      ) : null}
      <Credentials form={form} set={set} errors={errors} userHint="ACL user (Redis 6+); empty uses the default user." />
    </>
  );
}
