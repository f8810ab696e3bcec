#!/bin/sh
# Makes an organisation's key pair and certificate signing request with stock openssl, for
# POST /api/v1/organisations/:id/certificates { "csr": "<PEM>" }. The key never leaves the
# organisation: only the .csr file is sent. The exchange ignores the CSR's subject (it writes
# the organisation's registered name, country and id), so -subj only labels the request.
#
#   certs/make-org-csr.sh p256    "Example Provider Ltd" IE [out/example]
#   certs/make-org-csr.sh rsa2048 "Example Provider Ltd" IE [out/example]
#
# Writes <prefix>.key (mode 600, unencrypted: protect it, or add -aes256 yourself) and <prefix>.csr.
set -eu

usage() {
  echo "usage: $0 p256|rsa2048 \"Organisation name\" COUNTRY [output-prefix]" >&2
  exit 2
}

[ $# -ge 3 ] || usage
algorithm=$1
name=$2
country=$3
prefix=${4:-org}

case "$name" in
  */* | *=*) echo "the name must not contain '/' or '=' (openssl -subj syntax)" >&2; exit 2 ;;
esac
case "$country" in
  [A-Z][A-Z]) ;;
  *) echo "the country must be an ISO 3166-1 alpha-2 code such as FR or IE" >&2; exit 2 ;;
esac
case "$algorithm" in
  p256) key_options="-newkey ec -pkeyopt ec_paramgen_curve:P-256" ;;
  rsa2048) key_options="-newkey rsa:2048" ;;
  *) usage ;;
esac
if [ -e "$prefix.key" ]; then
  echo "$prefix.key exists; refusing to overwrite a key" >&2
  exit 1
fi

umask 077
# shellcheck disable=SC2086 # key_options is meant to split into words
openssl req -new $key_options -nodes -utf8 -keyout "$prefix.key" -subj "/O=$name/C=$country" -out "$prefix.csr"
openssl req -in "$prefix.csr" -noout -verify
echo "wrote $prefix.key (keep it) and $prefix.csr (send it)"
