import { createElement } from 'react';
import type { ConnectionState, Profile } from '../../../shared/contract/connections';
import { IconCopy, IconDownload, IconPencil, IconPlug, IconTrash, IconUnplug } from '../ui/icons';
import type { MenuItem } from '../ui/Menu';
import type { AppActions } from './actions';

/** The actions of one connection, shared by the sidebar's context menu and the connection page. */
export function connectionMenuItems(profile: Profile, state: ConnectionState, actions: AppActions): MenuItem[] {
  const live = state === 'connected' || state === 'connecting';
  return [
    live
      ? {
          id: 'disconnect',
          label: 'Disconnect',
          icon: createElement(IconUnplug),
          onSelect: () => actions.disconnect(profile.id),
        }
      : { id: 'connect', label: 'Connect', icon: createElement(IconPlug), onSelect: () => actions.connect(profile.id) },
    { id: 'edit', label: 'Edit…', icon: createElement(IconPencil), onSelect: () => actions.editConnection(profile.id) },
    {
      id: 'duplicate',
      label: 'Duplicate',
      icon: createElement(IconCopy),
      onSelect: () => actions.duplicateConnection(profile.id),
    },
    {
      id: 'export',
      label: 'Export profile…',
      icon: createElement(IconDownload),
      onSelect: () => actions.exportProfiles([profile.id]),
    },
    {
      id: 'delete',
      label: 'Delete…',
      icon: createElement(IconTrash),
      danger: true,
      separator: true,
      onSelect: () => actions.deleteConnection(profile.id),
    },
  ];
}
