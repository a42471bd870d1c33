// Language and theme, persisted through the host API.
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { i18n } from '../i18n';
import { host } from '../api/host';

export const useSettingsStore = defineStore('settings', () => {
  const lang = ref<'en' | 'zh'>('en');
  const theme = ref<'light' | 'dark'>('light');
  let loaded = false;

  watch(lang, (l) => {
    i18n.global.locale.value = l;
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  });
  watch(theme, (t) => document.documentElement.setAttribute('data-theme', t), { immediate: true });

  async function load(): Promise<void> {
    try {
      const s = await host.getSettings();
      lang.value = s.lang;
      theme.value = s.theme;
    } finally {
      loaded = true;
    }
  }

  async function save(): Promise<void> {
    if (!loaded) return;
    await host.setSettings({ lang: lang.value, theme: theme.value });
  }

  function setLang(l: 'en' | 'zh'): void {
    lang.value = l;
    void save();
  }

  function setTheme(t: 'light' | 'dark'): void {
    theme.value = t;
    void save();
  }

  return { lang, theme, load, setLang, setTheme };
});
