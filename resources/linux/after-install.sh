#!/bin/bash
# deb/rpm post-install for Stackdeck (electron-builder fills in ${executable} and
# ${sanitizedProductName}). Same steps as electron-builder's default script, with
# the Chromium sandbox helper made explicit: Electron's renderers are sandboxed, and
# where the kernel does not allow unprivileged user namespaces Chromium needs the
# SUID helper `chrome-sandbox` owned by root with mode 4755, or every window fails
# to start ("The SUID sandbox helper binary was found, but is not configured
# correctly").

INSTALL_DIR='/opt/${sanitizedProductName}'

if type update-alternatives >/dev/null 2>&1; then
  if [ -L '/usr/bin/${executable}' -a -e '/usr/bin/${executable}' -a "$(readlink '/usr/bin/${executable}')" != '/etc/alternatives/${executable}' ]; then
    rm -f '/usr/bin/${executable}'
  fi
  update-alternatives --install '/usr/bin/${executable}' '${executable}' "$INSTALL_DIR/${executable}" 100 ||
    ln -sf "$INSTALL_DIR/${executable}" '/usr/bin/${executable}'
else
  ln -sf "$INSTALL_DIR/${executable}" '/usr/bin/${executable}'
fi

SANDBOX="$INSTALL_DIR/chrome-sandbox"
if [ -e "$SANDBOX" ]; then
  chown root:root "$SANDBOX" || true
  if [ -L /proc/self/ns/user ] && unshare --user true 2>/dev/null; then
    # User namespaces work: Chromium sandboxes without the SUID helper.
    chmod 0755 "$SANDBOX" || true
  else
    chmod 4755 "$SANDBOX" || true
  fi
fi

if hash update-desktop-database 2>/dev/null; then
  update-desktop-database /usr/share/applications || true
fi

# Ubuntu 24.04+ restricts unprivileged user namespaces through AppArmor; electron-builder
# ships a profile that allows them for this executable. Install it where AppArmor can parse it.
if apparmor_status --enabled >/dev/null 2>&1; then
  APPARMOR_PROFILE_SOURCE="$INSTALL_DIR/resources/apparmor-profile"
  APPARMOR_PROFILE_TARGET='/etc/apparmor.d/${executable}'
  if [ -f "$APPARMOR_PROFILE_SOURCE" ] && apparmor_parser --skip-kernel-load --debug "$APPARMOR_PROFILE_SOURCE" >/dev/null 2>&1; then
    cp -f "$APPARMOR_PROFILE_SOURCE" "$APPARMOR_PROFILE_TARGET"
    if ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --replace --write-cache --skip-read-cache "$APPARMOR_PROFILE_TARGET" || true
    fi
  fi
fi

exit 0
