import { createApp } from 'vue';
import { createPinia } from 'pinia';
import TheApp from './TheApp.vue';
import { i18n } from './i18n';
import { useSettingsStore } from './stores/settings';
import { useProjectStore } from './stores/project';

const app = createApp(TheApp).use(createPinia()).use(i18n);
const settings = useSettingsStore();
const project = useProjectStore();
app.mount('#app');
void settings.load().catch(() => undefined);
void project.init().catch((e: unknown) => project.notify({ kind: 'error', text: e instanceof Error ? e.message : String(e) }));
