// Everything the worker's workflow bundle registers.
export { customerEmailWorkflow } from './customer-email';
export { documentWorkflow } from './document';
export { pksWorkflow } from './pks';
export { quotationWorkflow } from './quotation';
export { revenueCloseWorkflow } from './revenue-close';
export { spkWorkflow } from './spk';
export { complaintWorkflow } from './complaint';
export { fulfilmentOverdueWorkflow } from './fulfilment-overdue';
export { noticeDeliveryWorkflow } from './notice-delivery';
export { wageCampaignWorkflow } from './wage-campaign';
