// Picks the current language's text of a { en, zh } pair (diagnostics, explanations).
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import type { LocalizedText } from '../../../src-core/validate/diagnostic';

export type Lang = 'en' | 'zh';

export function useLocalized(_opts: Record<string, never> = {}) {
  const { locale } = useI18n();
  const lang = computed<Lang>(() => (locale.value === 'zh' ? 'zh' : 'en'));
  const tx = (text: LocalizedText | undefined): string => (text ? text[lang.value] : '');
  return { lang, tx };
}
