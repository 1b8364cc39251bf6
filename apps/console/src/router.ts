import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { session } from './auth/session'
import { homeFor } from './home/roles'
import LoginView from './auth/LoginView.vue'
import AdvisorHome from './booking/AdvisorHome.vue'
import BookView from './booking/BookView.vue'
import OrdersView from './orders/OrdersView.vue'
import OrderView from './orders/OrderView.vue'
import RepairOrderPrint from './print/RepairOrderPrint.vue'
import BoardView from './board/BoardView.vue'
import MyJobsView from './board/MyJobsView.vue'
import QcQueueView from './qc/QcQueueView.vue'
import StockView from './parts/StockView.vue'
import ShortagesView from './parts/ShortagesView.vue'
import CashierView from './billing/CashierView.vue'
import InvoiceView from './billing/InvoiceView.vue'
import SettlementPrint from './print/SettlementPrint.vue'
import GatePassPrint from './print/GatePassPrint.vue'
import GateView from './gate/GateView.vue'
import CallbacksView from './crm/CallbacksView.vue'
import CallbackView from './crm/CallbackView.vue'
import ComplaintsView from './crm/ComplaintsView.vue'
import CsiReportView from './crm/CsiReportView.vue'
import SanbaoAlertsView from './reception/SanbaoAlertsView.vue'
import DispatchView from './dispatch/DispatchView.vue'
import WorkshopKpiView from './kpi/WorkshopKpiView.vue'
import InspectionView from './inspection/InspectionView.vue'
import CatalogueView from './catalogue/CatalogueView.vue'

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: LoginView, meta: { bare: true, public: true } },
  { path: '/', name: 'home', redirect: () => homeFor(session.current?.roles ?? []) },
  { path: '/advisor', component: AdvisorHome },
  { path: '/book', component: BookView },
  { path: '/orders', component: OrdersView },
  { path: '/orders/:id', name: 'order', component: OrderView, props: true },
  { path: '/orders/:id/print', component: RepairOrderPrint, props: true, meta: { bare: true } },
  { path: '/orders/:id/inspection', name: 'inspection', component: InspectionView, props: true },
  { path: '/board', component: BoardView },
  { path: '/my-jobs', component: MyJobsView },
  { path: '/qc', component: QcQueueView },
  { path: '/parts', component: StockView },
  { path: '/shortages', component: ShortagesView },
  { path: '/cashier', component: CashierView },
  { path: '/invoices/:id', name: 'invoice', component: InvoiceView, props: true },
  { path: '/invoices/:id/print', component: SettlementPrint, props: true, meta: { bare: true } },
  { path: '/orders/:id/gate-pass', component: GatePassPrint, props: true, meta: { bare: true } },
  { path: '/gate', component: GateView },
  { path: '/callbacks', component: CallbacksView },
  { path: '/callbacks/:id', name: 'callback', component: CallbackView, props: true },
  { path: '/complaints', component: ComplaintsView },
  { path: '/reports/csi', component: CsiReportView },
  { path: '/sanbao', component: SanbaoAlertsView },
  { path: '/dispatch', component: DispatchView },
  { path: '/kpi', component: WorkshopKpiView },
  { path: '/catalogue', component: CatalogueView },
  { path: '/:rest(.*)*', redirect: '/' },
]

export const router = createRouter({ history: createWebHistory('/'), routes })

router.beforeEach((to) => {
  if (!to.meta.public && !session.current) return { name: 'login', query: { next: to.fullPath } }
  return true
})
