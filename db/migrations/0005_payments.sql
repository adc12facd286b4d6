CREATE TABLE "payments" (
	"invoice_id" text NOT NULL,
	"reference" text NOT NULL,
	"amount" numeric NOT NULL,
	"received_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "payments_invoice_id_reference_pk" PRIMARY KEY("invoice_id","reference")
);
--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "amount_paid" numeric DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;