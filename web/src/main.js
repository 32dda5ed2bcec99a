import { createApp } from 'vue'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import 'leaflet/dist/leaflet.css'
import './styles.css'
import App from './App.vue'
import { router } from './router.js'
import { locale } from './i18n/index.js'

document.documentElement.lang = locale.value
createApp(App).use(ElementPlus).use(router).mount('#app')
