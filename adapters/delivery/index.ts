export { isRetryableHttpStatus, type DeliveryFailureDetails } from './delivery-failure';
export type { ErpConnector, ErpUpsertResult } from './erp-connector';
export {
  createHttpErpConnector,
  ERP_SYNC_FAILED,
  type HttpErpConnectorOptions,
} from './http-erp-connector';
export * from './resend-mailer';
export * from './standard-webhooks';
export * from './webhook-sender';
