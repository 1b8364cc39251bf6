import { createRouter, createWebHashHistory } from 'vue-router'
import { session } from './auth/session'

// Hash history: the server serves one index.html at /m/, every screen lives after the '#'.
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('./auth/LoginView.vue'), meta: { public: true } },
    { path: '/', name: 'home', component: () => import('./vehicles/HomeView.vue') },
    { path: '/vehicles/:id', name: 'vehicle', component: () => import('./vehicles/VehicleView.vue'), props: true },
    { path: '/book', name: 'book', component: () => import('./booking/BookView.vue') },
    { path: '/orders/:id', name: 'order', component: () => import('./orders/OrderView.vue'), props: true },
    { path: '/orders/:id/invoice', name: 'invoice', component: () => import('./billing/InvoiceView.vue'), props: true },
    { path: '/orders/:id/archive', name: 'archive', component: () => import('./orders/ArchiveView.vue'), props: true },
    { path: '/visits', name: 'visits', component: () => import('./rating/VisitsView.vue') },
    { path: '/visits/:orderId/rate', name: 'rate', component: () => import('./rating/RateView.vue'), props: true },
    { path: '/me', name: 'me', component: () => import('./shell/MeView.vue') },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
})

router.beforeEach((to) => {
  if (!to.meta.public && !session.current) return { name: 'login' }
  return true
})
