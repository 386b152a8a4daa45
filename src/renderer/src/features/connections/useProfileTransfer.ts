import { useCallback } from 'react';
import { useToast } from '../../ui/toast';
import { useConnections } from './context';
import { exportFileName, parseExportText } from './transfer';

/** Export profiles to a JSON download and import them from a chosen file. */
export function useProfileTransfer(): {
  exportProfiles: (ids?: string[]) => Promise<void>;
  importProfiles: () => void;
} {
  const connections = useConnections();
  const toast = useToast();

  const exportProfiles = useCallback(
    async (ids?: string[]) => {
      try {
        const document = await connections.exportProfiles(ids);
        const blob = new Blob([JSON.stringify(document, null, 2)], { type: 'application/json' });
        const url = URL.createObjectURL(blob);
        const a = window.document.createElement('a');
        a.href = url;
        a.download = exportFileName(new Date());
        a.click();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
        toast.push({
          tone: 'success',
          title: `Exported ${document.profiles.length} profile${document.profiles.length === 1 ? '' : 's'}`,
          message: 'Secrets are not included; enter them again after importing.',
        });
      } catch (error) {
        toast.error('Export failed', error);
      }
    },
    [connections, toast],
  );

  const importProfiles = useCallback(() => {
    const input = window.document.createElement('input');
    input.type = 'file';
    input.accept = 'application/json,.json';
    input.onchange = async () => {
      const file = input.files?.[0];
      if (!file) return;
      const parsed = parseExportText(await file.text());
      if (!parsed.ok) {
        toast.push({ tone: 'error', title: 'Import failed', message: parsed.message, code: 'INVALID_INPUT' });
        return;
      }
      try {
        const imported = await connections.importProfiles(parsed.document);
        toast.push({
          tone: 'success',
          title: `Imported ${imported.length} profile${imported.length === 1 ? '' : 's'}`,
          message: 'Imported profiles have no secrets: edit them to enter passwords.',
        });
      } catch (error) {
        toast.error('Import failed', error);
      }
    };
    input.click();
  }, [connections, toast]);

  return { exportProfiles, importProfiles };
}
