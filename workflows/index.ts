// Everything the worker's workflow bundle registers.
export { quotationWorkflow } from './quotation';
