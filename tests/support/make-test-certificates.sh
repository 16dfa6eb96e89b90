#!/bin/sh
# Makes a test certificate authority and the server certificates TestCertificates serves through a
# real nginx, in the folder given: a root ("NetPulse Test Root", which the test trusts), an
# intermediate ("NetPulse Test Intermediate") and, issued by it:
#   leaf.crt       for localhost, valid now
#   other.crt      for other.example, valid now
#   expired.crt    for localhost, expired 30 days ago
# and selfsigned-expired.crt, a self-signed certificate for localhost that expired 30 days ago.
# chain-*.pem are each leaf followed by the intermediate, as a server should send them.
set -eu
dir=$1
cd "$dir"
days_ago() { date -u -d "$1 days ago" +%Y%m%d%H%M%SZ; }
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n' > ca.ext
key root.key
openssl req -x509 -new -key root.key -subj "/CN=NetPulse Test Root" -days 3650 -out root.crt \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
key intermediate.key
openssl req -new -key intermediate.key -subj "/CN=NetPulse Test Intermediate" -out intermediate.csr
openssl x509 -req -in intermediate.csr -CA root.crt -CAkey root.key -CAcreateserial -days 3650 \
    -extfile ca.ext -out intermediate.crt 2>/dev/null

# `openssl ca` takes start and end dates (OpenSSL 3.0's `x509 -req` does not): the expired ones.
mkdir -p issued
: > index.txt
echo 1000 > serial
cat > ca.cnf <<CNF
[ ca ]
default_ca = test
[ test ]
dir = $dir
database = $dir/index.txt
serial = $dir/serial
new_certs_dir = $dir/issued
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = copy
[ anything ]
commonName = supplied
CNF

leaf() { # name, dns name, start (days ago), end (days ago or negative for the future)
    key "$1.key"
    openssl req -new -key "$1.key" -subj "/CN=$2" -addext "subjectAltName=DNS:$2" \
        -addext basicConstraints=CA:FALSE -addext extendedKeyUsage=serverAuth -out "$1.csr"
    openssl ca -batch -config ca.cnf -cert intermediate.crt -keyfile intermediate.key \
        -startdate "$(days_ago "$3")" -enddate "$(days_ago "$4")" -in "$1.csr" -out "$1.crt" 2>/dev/null
    cat "$1.crt" intermediate.crt > "chain-$1.pem"
}
leaf leaf localhost 1 -30
leaf other other.example 1 -30
leaf expired localhost 60 30

key selfsigned-expired.key
openssl req -new -key selfsigned-expired.key -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost" \
    -out selfsigned-expired.csr
openssl ca -batch -selfsign -config ca.cnf -keyfile selfsigned-expired.key \
    -startdate "$(days_ago 60)" -enddate "$(days_ago 30)" -in selfsigned-expired.csr \
    -out selfsigned-expired.crt 2>/dev/null
