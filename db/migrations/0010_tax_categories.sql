ALTER TABLE "customers" ADD COLUMN "tax_override" text;--> statement-breakpoint
ALTER TABLE "prices" ADD COLUMN "tax_category" text DEFAULT 'standard' NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_tax_rates" ADD COLUMN "category" text DEFAULT 'standard' NOT NULL;