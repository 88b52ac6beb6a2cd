"""Wire format, keys, signatures and submission packages (no Qt, no SQLAlchemy).

canonical  RFC 8785 JSON; records -> wire (NFC, ISO dates, decimals as text, no floats)
digests    SHA-256 / SM3 through OpenSSL
algorithms Ed25519 and SM2-SM3 keys: SigningKey, VerifyKey, kid, fingerprint
sm2        the Tongsuo (tongsuopy) binding, typed
pkcs8, der encrypted PKCS#8 with scrypt
keys       KeyStore: generate, unlock, rotate, revoke, export the public key
chunks     freezing records into digested chunks
manifest   the manifest, the envelope and the one header check
signing    sign_batch -> SignedBatch, verify_signed, restore_signed
package    .regpkg export, verify (offline), import
reasons    Rejected(reason) and the stable reason codes
"""
