//! How a secret travels between the Secret Service and us: the transfer-session algorithms of the
//! Secret Service API ("Transfer of Secrets", https://specifications.freedesktop.org/secret-service/latest/transfer-secrets.html).
//!
//! `plain` is what we ask for first: the secret crosses the user's own session bus as is, which
//! costs nothing. `dh-ietf1024-sha256-aes128-cbc-pkcs7` is the fallback for a service that refuses
//! plain: a Diffie-Hellman exchange in the 1024-bit IETF group (RFC 2409, second Oakley group),
//! HKDF-SHA256 of the shared secret (no salt, no info) as an AES-128 key, and every secret
//! AES-128-CBC encrypted with PKCS#7 padding under a fresh random IV.

use aes::cipher::block_padding::Pkcs7;
use aes::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use num_bigint::BigUint;
use rand::TryRngCore;
use rand::rngs::OsRng;
use sha2::Sha256;

/// The algorithm names of `OpenSession`.
pub const PLAIN: &str = "plain";
pub const DH_AES: &str = "dh-ietf1024-sha256-aes128-cbc-pkcs7";

/// The 1024-bit MODP prime of RFC 2409 (section 6.2), generator 2.
const PRIME: [u8; 128] = [
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xC9, 0x0F, 0xDA, 0xA2, 0x21, 0x68, 0xC2, 0x34,
    0xC4, 0xC6, 0x62, 0x8B, 0x80, 0xDC, 0x1C, 0xD1, 0x29, 0x02, 0x4E, 0x08, 0x8A, 0x67, 0xCC, 0x74,
    0x02, 0x0B, 0xBE, 0xA6, 0x3B, 0x13, 0x9B, 0x22, 0x51, 0x4A, 0x08, 0x79, 0x8E, 0x34, 0x04, 0xDD,
    0xEF, 0x95, 0x19, 0xB3, 0xCD, 0x3A, 0x43, 0x1B, 0x30, 0x2B, 0x0A, 0x6D, 0xF2, 0x5F, 0x14, 0x37,
    0x4F, 0xE1, 0x35, 0x6D, 0x6D, 0x51, 0xC2, 0x45, 0xE4, 0x85, 0xB5, 0x76, 0x62, 0x5E, 0x7E, 0xC6,
    0xF4, 0x4C, 0x42, 0xE9, 0xA6, 0x37, 0xED, 0x6B, 0x0B, 0xFF, 0x5C, 0xB6, 0xF4, 0x06, 0xB7, 0xED,
    0xEE, 0x38, 0x6B, 0xFB, 0x5A, 0x89, 0x9F, 0xA5, 0xAE, 0x9F, 0x24, 0x11, 0x7C, 0x4B, 0x1F, 0xE6,
    0x49, 0x28, 0x66, 0x51, 0xEC, 0xE6, 0x53, 0x81, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
];
const KEY_LEN: usize = 16;
const IV_LEN: usize = 16;

type Encryptor = cbc::Encryptor<aes::Aes128>;
type Decryptor = cbc::Decryptor<aes::Aes128>;

/// Why a secret could not be sent or read in the negotiated session.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransferError {
    #[error("the system's random number generator failed")]
    Random,
    #[error("the Secret Service sent an unusable Diffie-Hellman key")]
    BadServerKey,
    #[error("the Secret Service sent a secret that does not decrypt")]
    BadSecret,
}

/// The negotiated encoding of secrets, for every secret of one session.
#[derive(Clone)]
pub enum Transfer {
    Plain,
    Aes([u8; KEY_LEN]),
}

impl std::fmt::Debug for Transfer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The session key stays out of every log.
        f.write_str(match self {
            Transfer::Plain => "Transfer::Plain",
            Transfer::Aes(_) => "Transfer::Aes(..)",
        })
    }
}

impl Transfer {
    /// The `parameters` and `value` of a Secret struct carrying `secret`.
    pub fn encode(&self, secret: &[u8]) -> Result<(Vec<u8>, Vec<u8>), TransferError> {
        match self {
            Transfer::Plain => Ok((Vec::new(), secret.to_vec())),
            Transfer::Aes(key) => {
                let mut iv = [0u8; IV_LEN];
                OsRng
                    .try_fill_bytes(&mut iv)
                    .map_err(|_| TransferError::Random)?;
                let sealed =
                    Encryptor::new(&(*key).into(), &iv.into()).encrypt_padded_vec::<Pkcs7>(secret);
                Ok((iv.to_vec(), sealed))
            }
        }
    }

    /// The secret in a Secret struct's `parameters` and `value`.
    pub fn decode(&self, parameters: &[u8], value: &[u8]) -> Result<Vec<u8>, TransferError> {
        match self {
            Transfer::Plain => Ok(value.to_vec()),
            Transfer::Aes(key) => {
                let iv: [u8; IV_LEN] = parameters
                    .try_into()
                    .map_err(|_| TransferError::BadSecret)?;
                Decryptor::new(&(*key).into(), &iv.into())
                    .decrypt_padded_vec::<Pkcs7>(value)
                    .map_err(|_| TransferError::BadSecret)
            }
        }
    }
}

/// Our half of the Diffie-Hellman exchange: `public` goes to `OpenSession`, the service's answer
/// goes to [`DhOffer::finish`].
pub struct DhOffer {
    private: BigUint,
    pub public: Vec<u8>,
}

impl DhOffer {
    pub fn new() -> Result<DhOffer, TransferError> {
        let mut bytes = [0u8; PRIME.len()];
        OsRng
            .try_fill_bytes(&mut bytes)
            .map_err(|_| TransferError::Random)?;
        let private = BigUint::from_bytes_be(&bytes);
        let public = BigUint::from(2u32).modpow(&private, &prime()).to_bytes_be();
        Ok(DhOffer { private, public })
    }

    /// The session key, from the service's public key.
    pub fn finish(self, server_public: &[u8]) -> Result<Transfer, TransferError> {
        let p = prime();
        let theirs = BigUint::from_bytes_be(server_public);
        // 0, 1 and p-1 (and anything out of the group) would give a key anyone can guess.
        if theirs <= BigUint::from(1u32) || theirs >= &p - 1u32 {
            return Err(TransferError::BadServerKey);
        }
        let shared = theirs.modpow(&self.private, &p).to_bytes_be();
        // The shared secret enters HKDF as a fixed-width big-endian number.
        let mut ikm = [0u8; PRIME.len()];
        ikm[PRIME.len() - shared.len()..].copy_from_slice(&shared);
        let mut key = [0u8; KEY_LEN];
        hkdf::Hkdf::<Sha256>::new(None, &ikm)
            .expand(&[], &mut key)
            .map_err(|_| TransferError::BadServerKey)?;
        Ok(Transfer::Aes(key))
    }
}

fn prime() -> BigUint {
    BigUint::from_bytes_be(&PRIME)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sides_of_the_exchange_derive_the_same_key() {
        let ours = DhOffer::new().unwrap();
        let theirs = DhOffer::new().unwrap();
        let (our_public, their_public) = (ours.public.clone(), theirs.public.clone());
        let ours = ours.finish(&their_public).unwrap();
        let theirs = theirs.finish(&our_public).unwrap();
        let (iv, sealed) = ours.encode(b"{\"refresh_token\":\"r\"}").unwrap();
        assert_eq!(iv.len(), IV_LEN);
        assert_ne!(sealed, b"{\"refresh_token\":\"r\"}");
        assert_eq!(
            theirs.decode(&iv, &sealed).unwrap(),
            b"{\"refresh_token\":\"r\"}"
        );
    }

    #[test]
    fn each_secret_gets_a_fresh_iv() {
        let offer = DhOffer::new().unwrap();
        let peer = DhOffer::new().unwrap().public;
        let transfer = offer.finish(&peer).unwrap();
        let (iv1, sealed1) = transfer.encode(b"same").unwrap();
        let (iv2, sealed2) = transfer.encode(b"same").unwrap();
        assert_ne!(iv1, iv2);
        assert_ne!(sealed1, sealed2);
    }

    #[test]
    fn degenerate_server_keys_are_refused() {
        let p = prime();
        for bad in [
            vec![],
            vec![0],
            vec![1],
            (&p - 1u32).to_bytes_be(),
            p.to_bytes_be(),
            vec![0xFF; 129],
        ] {
            assert_eq!(
                DhOffer::new().unwrap().finish(&bad).unwrap_err(),
                TransferError::BadServerKey,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_secret_that_does_not_decrypt_is_an_error_not_garbage() {
        let transfer = DhOffer::new()
            .unwrap()
            .finish(&DhOffer::new().unwrap().public)
            .unwrap();
        let (iv, sealed) = transfer.encode(b"value").unwrap();
        assert_eq!(
            transfer.decode(&iv[..8], &sealed).unwrap_err(),
            TransferError::BadSecret
        );
        assert_eq!(
            transfer
                .decode(&iv, &sealed[..sealed.len() - 1])
                .unwrap_err(),
            TransferError::BadSecret
        );
        let other = DhOffer::new()
            .unwrap()
            .finish(&DhOffer::new().unwrap().public)
            .unwrap();
        // A wrong key almost always breaks the padding; when it does not, the bytes differ.
        assert_ne!(
            other.decode(&iv, &sealed).ok().as_deref(),
            Some(&b"value"[..])
        );
    }

    #[test]
    fn plain_passes_secrets_through() {
        let (params, value) = Transfer::Plain.encode(b"abc").unwrap();
        assert!(params.is_empty());
        assert_eq!(Transfer::Plain.decode(&params, &value).unwrap(), b"abc");
    }
}
