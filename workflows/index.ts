// Everything the worker's workflow bundle registers.
export { customerEmailWorkflow } from './customer-email';
export { quotationWorkflow } from './quotation';
export { quotationDocumentWorkflow } from './quotation-document';
export { pksWorkflow } from './pks';
export { spkWorkflow } from './spk';
