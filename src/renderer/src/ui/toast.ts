import { createContext, useContext } from 'react';
import { toShownError } from './errors';

export type ToastTone = 'info' | 'success' | 'warning' | 'error';

export interface ToastInput {
  tone: ToastTone;
  title: string;
  message?: string;
  /** An error code, shown as a small tag. */
  code?: string;
}

export interface Toast extends ToastInput {
  id: number;
}

export interface ToastApi {
  push(toast: ToastInput): void;
  /** Shows any thrown value as an error toast with its code and message. */
  error(title: string, error: unknown): void;
  dismiss(id: number): void;
}

export const ToastContext = createContext<ToastApi | null>(null);

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast must be used inside <ToastProvider>');
  return api;
}

export function errorToast(title: string, error: unknown): ToastInput {
  const shown = toShownError(error);
  return { tone: 'error', title, message: shown.message, code: shown.code };
}

/** Errors stay until dismissed (they must be readable); everything else fades after a few seconds. */
export function toastLifetimeMs(tone: ToastTone): number | null {
  return tone === 'error' ? null : tone === 'warning' ? 8000 : 4000;
}
