// vue-i18n setup. Each feature keeps its texts in i18n/messages/<feature>.ts exporting
// `messages: FeatureMessages` ({ en, zh }); every file there is merged here automatically.
import { createI18n } from 'vue-i18n';

type Tree = { [key: string]: string | Tree };
export interface FeatureMessages {
  en: Tree;
  zh: Tree;
}

const modules = import.meta.glob<{ messages: FeatureMessages }>('./messages/*.ts', { eager: true });
const features = Object.values(modules).map((m) => m.messages);

export const i18n = createI18n({
  legacy: false,
  locale: 'en',
  fallbackLocale: 'en',
  missingWarn: false,
  fallbackWarn: false,
  messages: {
    en: Object.assign({}, ...features.map((f) => f.en)),
    zh: Object.assign({}, ...features.map((f) => f.zh)),
  },
});
