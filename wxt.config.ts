import { defineConfig } from 'wxt';

// Permissions are the least the features need; see DESIGN.md "Security and privacy model".
export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  manifest: {
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'unlimitedStorage', 'alarms'],
    host_permissions: ['https://mail.google.com/*'],
    action: { default_title: '__MSG_extName__' },
    web_accessible_resources: [
      {
        resources: ['sidebar.html', 'chunks/*', 'assets/*'],
        matches: ['https://mail.google.com/*'],
      },
    ],
  },
});
