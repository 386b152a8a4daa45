/**
 * The pickle import scan, run by a separate Python (`python -I -c SCAN_PY path`).
 * It only walks `pickletools.genops` opcodes: nothing is unpickled, so a
 * malicious file cannot run code here. It tracks the memo (MEMOIZE / PUT /
 * GET) and the strings on the stack, because protocol 4 writes STACK_GLOBAL
 * after two memoized strings and a later BINGET may stand for either of them:
 * without the memo the module/name pairs come out wrong (LIBRARIES.md).
 * A STACK_GLOBAL whose operands are not plain strings is reported as
 * unresolved (and flagged): a scan that cannot name an import does not pass it.
 * joblib files compressed with zlib/gzip/bz2/lzma are decompressed with the
 * standard library first (decompression runs no pickle code). skops files are
 * read as a zip (their schema.json names every type); ONNX runs no code.
 */
export const SCAN_PY = String.raw`
import bz2, gzip, io, json, lzma, pickletools, sys, zipfile, zlib

STRING_OPS = {"SHORT_BINUNICODE", "BINUNICODE", "BINUNICODE8", "UNICODE", "STRING", "BINSTRING", "SHORT_BINSTRING"}

def open_stream(path):
    with open(path, "rb") as f:
        head = f.read(6)
    if head[:2] == b"\x1f\x8b":
        return "gzip", gzip.open(path, "rb").read()
    if head[:1] == b"\x78":
        return "zlib", zlib.decompress(open(path, "rb").read())
    if head[:3] == b"BZh":
        return "bz2", bz2.open(path, "rb").read()
    if head[:6] == b"\xfd7zXZ\x00":
        return "lzma", lzma.open(path, "rb").read()
    with open(path, "rb") as f:
        return None, f.read()

def scan_pickle(data):
    globals_ = []
    memo = {}
    stack = []  # recent pushes: a str, or None for anything else
    sklearn_version = None
    last_str = None
    ops = 0
    for op, arg, pos in pickletools.genops(io.BytesIO(data)):
        ops += 1
        name = op.name
        if name in STRING_OPS:
            value = arg.decode("latin-1") if isinstance(arg, bytes) else arg
            if last_str == "_sklearn_version" and sklearn_version is None:
                sklearn_version = value
            last_str = value
            stack.append(value)
        elif name == "MEMOIZE":
            memo[len(memo)] = stack[-1] if stack else None
        elif name in ("PUT", "BINPUT", "LONG_BINPUT"):
            memo[int(arg)] = stack[-1] if stack else None
        elif name in ("GET", "BINGET", "LONG_BINGET"):
            value = memo.get(int(arg))
            if isinstance(value, str):
                if last_str == "_sklearn_version" and sklearn_version is None:
                    sklearn_version = value
                last_str = value
            stack.append(value)
        elif name in ("GLOBAL", "INST"):
            module, _, attr = str(arg).partition(" ")
            globals_.append({"module": module, "name": attr, "op": name, "pos": pos})
            stack.append(None)
        elif name == "STACK_GLOBAL":
            attr = stack.pop() if stack else None
            module = stack.pop() if stack else None
            if isinstance(module, str) and isinstance(attr, str):
                globals_.append({"module": module, "name": attr, "op": name, "pos": pos})
            else:
                globals_.append({"module": "?", "name": "?", "op": name, "pos": pos, "unresolved": True})
            stack.append(None)
        elif name in ("FRAME", "PROTO", "MARK", "STOP"):
            pass
        else:
            stack.append(None)
        if len(stack) > 64:
            del stack[:32]
        if name == "STOP":
            break
    return globals_, sklearn_version, ops

def scan_skops(path):
    with zipfile.ZipFile(path) as z:
        schema = json.loads(z.read("schema.json"))
    found = []
    versions = []
    def walk(node):
        if isinstance(node, dict):
            if "__module__" in node and "__class__" in node:
                found.append({"module": node["__module__"], "name": node["__class__"], "op": "skops"})
            # An estimator's state holds _sklearn_version as a JSON node: {"content": "\"1.9.1\"", ...}.
            v = node.get("_sklearn_version")
            if isinstance(v, dict) and isinstance(v.get("content"), str):
                try:
                    parsed = json.loads(v["content"])
                except ValueError:
                    parsed = None
                if isinstance(parsed, str):
                    versions.append(parsed)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(schema)
    return found, (versions[0] if versions else None)

def main():
    path, fmt = sys.argv[1], sys.argv[2]
    out = {"ok": True, "compression": None, "globals": [], "sklearnVersion": None, "opcodes": 0}
    try:
        if fmt == "skops":
            out["globals"], out["sklearnVersion"] = scan_skops(path)
        elif fmt in ("pickle", "joblib"):
            compression, data = open_stream(path)
            out["compression"] = compression
            out["globals"], out["sklearnVersion"], out["opcodes"] = scan_pickle(data)
    except Exception as e:  # a truncated or corrupt file: report, never raise
        out = {"ok": False, "error": type(e).__name__ + ": " + str(e), "globals": out["globals"]}
    sys.stdout.write(json.dumps(out))

main()
`;
