#!/usr/bin/env bash
# The test validator of docker-compose.yml: the PoD program deployed through the upgradeable
# loader, its upgrade authority (which the program's initialize checks) being the key that
# collect-programs.sh made, named here by its address; Light Protocol's programs and genesis
# accounts (state trees, queues, registrations) at the ids Light's own test validator uses.
# Genesis flags only act on a fresh ledger; a restart keeps the ledger in its volume.
set -euo pipefail
programs="${PROGRAMS_DIR:-/programs}"
ledger="${LEDGER_DIR:-/ledger}"

POD_PROGRAM_ID=9zJP9KKpbLvANNTSvEBrdRKee8edDwymokAiBywuFZAq
NOOP_PROGRAM_ID=noopb9bkMVfRPU8AsbpTUg8AQkHtKwMYZiFUjNRtMmV
LIGHT_SYSTEM_PROGRAM_ID=SySTEM1eSU2p4BGQfQpimFEWWSC1XDFeun3Nqzz3rT7
LIGHT_COMPRESSED_TOKEN_PROGRAM_ID=cTokenmWW8bLPjZEBAUgYy3zKxQZW6VKi7bqNFEVv3m
ACCOUNT_COMPRESSION_PROGRAM_ID=compr6CUsB5m2jS4Y3831ztGSTnDpnKJTKS95d64XVq
LIGHT_REGISTRY_PROGRAM_ID=Lighton6oQpVkeewmo2mcPTQQp7kYHr4fWpAgJyEmDX

authority="$(cat "$programs/upgrade-authority.pubkey")"

exec solana-test-validator \
  --ledger "$ledger" \
  --bind-address 0.0.0.0 \
  --rpc-port 8899 \
  --faucet-port 9900 \
  --limit-ledger-size 50000000 \
  --mint "$authority" \
  --upgradeable-program "$POD_PROGRAM_ID" "$programs/pod_protocol.so" "$authority" \
  --bpf-program "$NOOP_PROGRAM_ID" "$programs/light/spl_noop.so" \
  --bpf-program "$LIGHT_SYSTEM_PROGRAM_ID" "$programs/light/light_system_program_pinocchio.so" \
  --bpf-program "$LIGHT_COMPRESSED_TOKEN_PROGRAM_ID" "$programs/light/light_compressed_token.so" \
  --bpf-program "$ACCOUNT_COMPRESSION_PROGRAM_ID" "$programs/light/account_compression.so" \
  --bpf-program "$LIGHT_REGISTRY_PROGRAM_ID" "$programs/light/light_registry.so" \
  --account-dir "$programs/light/accounts"
