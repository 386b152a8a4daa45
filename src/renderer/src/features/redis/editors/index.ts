import type { ComponentType } from 'react';
import { HashEditor } from './collections/HashEditor';
import { ListEditor } from './collections/ListEditor';
import { SetEditor } from './collections/SetEditor';
import { ZsetEditor } from './collections/ZsetEditor';
import { JsonEditor } from './JsonEditor';
import { StreamEditor } from './stream/StreamEditor';
import { StringEditor } from './StringEditor';
import type { TypeEditorProps } from './types';

/** The editor of each Redis type, by TYPE's answer. A new type is one more entry. */
export const EDITORS: Readonly<Record<string, ComponentType<TypeEditorProps>>> = {
  string: StringEditor,
  hash: HashEditor,
  list: ListEditor,
  set: SetEditor,
  zset: ZsetEditor,
  stream: StreamEditor,
  'ReJSON-RL': JsonEditor,
};
