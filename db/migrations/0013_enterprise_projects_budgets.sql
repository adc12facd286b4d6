CREATE TABLE "projects" (
	"customer_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"team" text,
	"cost_center" text,
	"purchase_order_reference" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_customer_id_id_pk" PRIMARY KEY("customer_id","id")
);
--> statement-breakpoint
CREATE TABLE "budget_crossings" (
	"customer_id" text NOT NULL,
	"budget_id" text NOT NULL,
	"period_start" timestamp (3) with time zone NOT NULL,
	"threshold" integer NOT NULL,
	"spend" numeric NOT NULL,
	"event_id" text NOT NULL,
	"crossed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budget_crossings_customer_id_budget_id_period_start_threshold_pk" PRIMARY KEY("customer_id","budget_id","period_start","threshold")
);
--> statement-breakpoint
CREATE TABLE "budgets" (
	"customer_id" text NOT NULL,
	"id" text NOT NULL,
	"project_id" text,
	"amount" numeric NOT NULL,
	"thresholds" jsonb NOT NULL,
	"basis" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budgets_customer_id_id_pk" PRIMARY KEY("customer_id","id")
);
--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "project_id" text GENERATED ALWAYS AS (dimensions->>'$project') STORED;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD COLUMN "project_id" text GENERATED ALWAYS AS (substring(line_id from '#([A-Za-z0-9._:-]+)$')) STORED;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "project_id" text;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_crossings" ADD CONSTRAINT "budget_crossings_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;