ALTER TABLE "usage_events" DROP CONSTRAINT "usage_events_customer_id_customers_id_fk";
