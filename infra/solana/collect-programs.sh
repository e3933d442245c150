#!/bin/sh
# One-shot step of docker-compose.yml, run in the workspace image (/app): puts what the test
# validator loads at genesis into the shared volume given as $1 (default /programs):
#   pod_protocol.so              the PoD program, as committed in target/deploy
#   light/*.so, light/accounts/  Light Protocol's programs and genesis accounts, from the
#                                @lightprotocol/zk-compression-cli package the workspace pins
#   upgrade-authority.json       the PoD program's upgrade authority (created once, then kept):
#                                the tx-bundler's BUNDLER_ADMIN_KEYPAIR for its bootstrap
set -eu
out="${1:-/programs}"
app="${APP_DIR:-/app}"
mkdir -p "$out/light/accounts"

cp "$app/target/deploy/pod_protocol.so" "$out/pod_protocol.so"

# Resolved from @pod/light, the package that depends on the CLI (pnpm keeps it out of /app's
# own node_modules).
cli="$(cd "$app/libs/light" && node -p 'require("path").dirname(require.resolve("@lightprotocol/zk-compression-cli/package.json"))')"
for so in spl_noop light_system_program_pinocchio light_compressed_token account_compression light_registry; do
  cp "$cli/bin/$so.so" "$out/light/$so.so"
done
cp "$cli"/accounts/*.json "$out/light/accounts/"

if [ ! -s "$out/upgrade-authority.json" ]; then
  # A Solana keypair file: the 32-byte ed25519 seed followed by the 32-byte public key.
  node -e '
    const { generateKeyPairSync } = require("node:crypto");
    const jwk = generateKeyPairSync("ed25519").privateKey.export({ format: "jwk" });
    const bytes = [...Buffer.from(jwk.d, "base64url"), ...Buffer.from(jwk.x, "base64url")];
    require("node:fs").writeFileSync(process.argv[1], JSON.stringify(bytes), { mode: 0o600 });
  ' "$out/upgrade-authority.json"
fi
# Its address, base58, for the validator: it needs no secret to name the authority.
node -e '
  const key = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8")).slice(32);
  const abc = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  let n = BigInt("0x" + Buffer.from(key).toString("hex")), s = "";
  while (n > 0n) { s = abc[Number(n % 58n)] + s; n /= 58n; }
  for (const b of key) { if (b !== 0) break; s = "1" + s; }
  console.log(s);
' "$out/upgrade-authority.json" > "$out/upgrade-authority.pubkey"
# The validator's image may run as another user: it reads everything but the secret key.
chmod -R a+rX "$out/light" "$out/pod_protocol.so" "$out/upgrade-authority.pubkey"
echo "programs ready in $out"
