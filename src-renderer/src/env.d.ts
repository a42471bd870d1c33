/// <reference types="vite/client" />
import type { HostApi } from '../../src-main/api/contract';

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

declare global {
  interface Window {
    lvsStudio?: HostApi;
  }
}
