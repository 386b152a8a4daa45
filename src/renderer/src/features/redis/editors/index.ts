import type { ComponentType } from 'react';
import { StringEditor } from './StringEditor';
import type { TypeEditorProps } from './types';

/** The editor of each Redis type, by TYPE's answer. A new type is one more entry. */
export const EDITORS: Readonly<Record<string, ComponentType<TypeEditorProps>>> = {
  string: StringEditor,
};
