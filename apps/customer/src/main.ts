import { createApp } from 'vue'
import Vant from 'vant'
import 'vant/lib/index.css'
import './styles.css'
import App from './App.vue'
import { i18n, setLocale } from './i18n'
import { router } from './router'

setLocale(i18n.global.locale.value as 'zh-CN' | 'en')
createApp(App).use(Vant).use(i18n).use(router).mount('#app')
