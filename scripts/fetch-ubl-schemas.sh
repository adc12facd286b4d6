#!/usr/bin/env bash
# Provides the OASIS UBL 2.1 XSDs (and, for the optional schematron check, the Peppol BIS
# Billing 3.0 / EN 16931 rules as XSLT plus Saxon-HE) from Maven Central, for
# test/einvoice/ubl-schema.test.ts. Cached; a warm run takes well under a second.
#
#   $CACHE/ubl/xsd/maindoc/UBL-Invoice-2.1.xsd, UBL-CreditNote-2.1.xsd (+ common/)
#   $CACHE/ubl/schematron/CEN-EN16931-UBL.xslt, PEPPOL-EN16931-UBL.xslt
#   $CACHE/ubl/saxon-he.jar
# CACHE = ${USAGE_BILLING_CACHE:-$HOME/.cache/usage-billing}
#
# ph-ubl21 ships the UBL XSDs with the imports of the CCTS, XML-DSig and XAdES schemas left
# without schemaLocation (its Java code resolves them by catalog); xmllint needs locations,
# so the four imported schemas are fetched from their ph-xsds artifacts and the imports
# are given locations here.
# Needs: java + mvn (as scripts/setup.sh), unzip, xmllint (Debian: libxml2-utils).
set -euo pipefail

UBL="com.helger.ubl:ph-ubl21:9.0.3"
XSDS_VERSION="3.0.0"
PEPPOL_RULES="com.helger.phive.rules:phive-rules-peppol:4.3.7"
PEPPOL_RULES_DIR="external/schematron/openpeppol/2026.5/xslt"
SAXON="net.sf.saxon:Saxon-HE:10.9"
STAMP_VERSION="1" # bump when anything above changes

CACHE="${USAGE_BILLING_CACHE:-$HOME/.cache/usage-billing}"
DEST="$CACHE/ubl"
STAMP="$DEST/.complete-$STAMP_VERSION"
[[ -f "$STAMP" ]] && { echo "ubl schemas: cached in $DEST"; exit 0; }

for tool in mvn unzip; do
  command -v "$tool" >/dev/null || { echo "fetch-ubl-schemas.sh: $tool is missing" >&2; exit 1; }
done

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

fetch() { # group:artifact:version -> jar into $WORK/jars
  mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
    -Dartifact="$1" -DoutputDirectory="$WORK/jars" >"$WORK/mvn.log" 2>&1 \
    || { cat "$WORK/mvn.log" >&2; echo "fetch-ubl-schemas.sh: cannot fetch $1" >&2; exit 1; }
}

fetch "$UBL"
for xsd in ccts-cct-schemamodule xmldsig xades132 xades141; do
  fetch "com.helger.xsd:ph-xsds-$xsd:$XSDS_VERSION"
done
fetch "$PEPPOL_RULES"
fetch "$SAXON"

rm -rf "$DEST.tmp" && mkdir -p "$DEST.tmp/xsd" "$DEST.tmp/schematron"
unzip -q -o "$WORK/jars/ph-ubl21-"*.jar 'external/schemas/ubl21/*' -d "$WORK/ubl"
cp -R "$WORK/ubl/external/schemas/ubl21/." "$DEST.tmp/xsd/"
for jar in "$WORK/jars/ph-xsds-"*.jar; do
  unzip -q -o "$jar" 'schemas/*.xsd' -d "$WORK/xsds"
done
cp "$WORK/xsds/schemas/"*.xsd "$DEST.tmp/xsd/common/"

# Give the location-less imports their files (all now in common/).
common="$DEST.tmp/xsd/common"
sed -i 's#<xsd:import namespace="urn:un:unece:uncefact:data:specification:CoreComponentTypeSchemaModule:2"/>#<xsd:import namespace="urn:un:unece:uncefact:data:specification:CoreComponentTypeSchemaModule:2" schemaLocation="CCTS_CCT_SchemaModule.xsd"/>#' \
  "$common/UBL-UnqualifiedDataTypes-2.1.xsd"
for file in "$common/UBL-SignatureAggregateComponents-2.1.xsd" "$common/XAdES01903v132-201601.xsd" "$common/XAdES01903v141-201601.xsd"; do
  sed -i \
    -e 's#<xsd:import namespace="http://www.w3.org/2000/09/xmldsig\#" */>#<xsd:import namespace="http://www.w3.org/2000/09/xmldsig\#" schemaLocation="xmldsig-core-schema.xsd"/>#' \
    -e 's#<xsd:import namespace="http://uri.etsi.org/01903/v1.3.2\#" */>#<xsd:import namespace="http://uri.etsi.org/01903/v1.3.2\#" schemaLocation="XAdES01903v132-201601.xsd"/>#' \
    -e 's#<xsd:import namespace="http://uri.etsi.org/01903/v1.4.1\#" */>#<xsd:import namespace="http://uri.etsi.org/01903/v1.4.1\#" schemaLocation="XAdES01903v141-201601.xsd"/>#' \
    "$file"
done

unzip -q -o "$WORK/jars/phive-rules-peppol-"*.jar "$PEPPOL_RULES_DIR/CEN-EN16931-UBL.xslt" "$PEPPOL_RULES_DIR/PEPPOL-EN16931-UBL.xslt" -d "$WORK/rules"
cp "$WORK/rules/$PEPPOL_RULES_DIR/"*.xslt "$DEST.tmp/schematron/"
cp "$WORK/jars/Saxon-HE-"*.jar "$DEST.tmp/saxon-he.jar"

if command -v xmllint >/dev/null; then
  # A schema that does not compile must fail here, not as a puzzling test failure.
  for doc in Invoice CreditNote; do
    xmllint --noout --schema "$DEST.tmp/xsd/maindoc/UBL-$doc-2.1.xsd" /dev/null 2>&1 \
      | grep -q 'failed to compile' && { echo "fetch-ubl-schemas.sh: UBL-$doc-2.1.xsd does not compile" >&2; exit 1; }
  done
fi

rm -rf "$DEST" && mv "$DEST.tmp" "$DEST"
touch "$STAMP"
echo "ubl schemas: fetched into $DEST"
