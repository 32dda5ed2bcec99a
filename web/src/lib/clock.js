// A shared "now" that ticks every 15 s so SLA countdowns move without reloading.
import { ref } from 'vue'

export const now = ref(Date.now())
setInterval(() => { now.value = Date.now() }, 15000)
