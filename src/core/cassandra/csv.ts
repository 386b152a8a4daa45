/**
 * A CSV reader (RFC 4180): comma-separated fields, double-quoted fields may
 * hold commas, doubled quotes and line breaks; CRLF or LF line ends. Each
 * record carries the line it starts on, so an import can report "line 17".
 */

export interface CsvRecord {
  /** 1-based line number where the record starts. */
  line: number;
  fields: string[];
  /** A quoted field was still open at the end of the text. */
  unterminated?: boolean;
}

export function* readCsv(text: string): Generator<CsvRecord> {
  let i = 0;
  let line = 1;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // byte order mark
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let unterminated = false;
    for (;;) {
      if (text[i] === '"') {
        i++;
        let closed = false;
        while (i < n) {
          const c = text[i] as string;
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        if (!closed) unterminated = true;
        // Text after a closing quote, up to the separator, is kept (lenient, as spreadsheets are).
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
      } else {
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
      }
      fields.push(field);
      field = '';
      if (i < n && text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    // A blank line is not a record.
    if (fields.length === 1 && fields[0] === '') continue;
    yield unterminated ? { line: start, fields, unterminated } : { line: start, fields };
  }
}
