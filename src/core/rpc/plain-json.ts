/**
 * Results cross two transports: Electron IPC (structured clone) and the
 * WebSocket (JSON). A Date, Map, Buffer, bigint or class instance survives one
 * and not the other, and the renderer would see different data depending on
 * where it runs. In tests (validateOutputs) the router therefore also checks
 * that every result and event is plain JSON. Returns the path of the first
 * offending value, or undefined.
 */
export function findNonJson(value: unknown, path = '', depth = 0): string | undefined {
  const here = path === '' ? '(result)' : path;
  if (depth > 200) return `${here} (nested too deeply)`;
  if (value === null) return undefined;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${here} (${String(value)} is not JSON)`;
    case 'object':
      break;
    default:
      return `${here} (a ${typeof value} is not JSON)`;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (value[i] === undefined) return `${path}[${i}] (undefined in an array)`;
      const bad = findNonJson(value[i], `${path}[${i}]`, depth + 1);
      if (bad !== undefined) return bad;
    }
    return undefined;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const ctor = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
    return `${here} (a ${ctor} is not plain JSON; convert it, e.g. dates to ISO strings)`;
  }
  for (const [key, child] of Object.entries(value)) {
    // An undefined property is dropped by JSON and kept by structured clone; both read back as undefined.
    if (child === undefined) continue;
    const bad = findNonJson(child, path === '' ? key : `${path}.${key}`, depth + 1);
    if (bad !== undefined) return bad;
  }
  return undefined;
}
