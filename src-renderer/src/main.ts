import { createApp } from 'vue';
import { createPinia } from 'pinia';
import TheApp from './TheApp.vue';

createApp(TheApp).use(createPinia()).mount('#app');
