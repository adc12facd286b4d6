CREATE TABLE "invoices" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"period_start" timestamp (3) with time zone NOT NULL,
	"period_end" timestamp (3) with time zone NOT NULL,
	"plan_id" text NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"subtotal" numeric NOT NULL,
	"total_tax" numeric NOT NULL,
	"total" numeric NOT NULL,
	"amount_due" numeric NOT NULL,
	"unmatched_usage" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoices_customer_period" UNIQUE("customer_id","period_start")
);
--> statement-breakpoint
CREATE TABLE "invoice_lines" (
	"invoice_id" text NOT NULL,
	"line_id" text NOT NULL,
	"position" integer NOT NULL,
	"price_id" text NOT NULL,
	"meter" text NOT NULL,
	"dimensions" jsonb NOT NULL,
	"quantity" numeric NOT NULL,
	"unit" text NOT NULL,
	"unit_price" numeric NOT NULL,
	"precise_amount" numeric NOT NULL,
	"amount" numeric NOT NULL,
	"sub_lines" jsonb NOT NULL,
	CONSTRAINT "invoice_lines_invoice_id_line_id_pk" PRIMARY KEY("invoice_id","line_id")
);
--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;