//! Service-user credentials. The token is a secret: it never appears in `Debug` or `Display`
//! output and its memory is wiped when it is dropped.

use std::fmt;
use zeroize::Zeroizing;

/// The ID of a HiBob service user, e.g. `SERVICE-1234`. Not a secret: HiBob shows it in its admin UI.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ServiceUserId(String);

impl ServiceUserId {
    /// Keeps the value exactly as given: deciding whether stray whitespace or quotes are a mistake
    /// is the caller's job (the diagnosis explains it to the user instead of hiding it).
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ServiceUserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ServiceUserId").field(&self.0).finish()
    }
}

impl fmt::Display for ServiceUserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A service user's API token. Redacted in `Debug` and `Display`; zeroed on drop.
///
/// Deliberately not `Serialize`: a token must not be able to slip into a report, an export or an
/// IPC response by being part of a larger serialized value.
#[derive(Clone)]
pub struct Token(Zeroizing<String>);

impl Token {
    pub fn new(token: impl Into<String>) -> Self {
        Self(Zeroizing::new(token.into()))
    }

    /// The token itself. Only for the HTTP auth header and the OS credential store.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl PartialEq for Token {
    fn eq(&self, other: &Self) -> bool {
        // Not constant-time; tokens are only ever compared locally (e.g. "did the user change it?").
        *self.0 == *other.0
    }
}

impl Eq for Token {}

const REDACTED: &str = "<redacted>";

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Token")
            .field(&format_args!("{REDACTED}"))
            .finish()
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// What HiBob's Basic auth needs: the service user ID as user name, the token as password.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub service_user_id: ServiceUserId,
    pub token: Token,
}

impl Credentials {
    pub fn new(service_user_id: impl Into<String>, token: impl Into<String>) -> Self {
        Self {
            service_user_id: ServiceUserId::new(service_user_id),
            token: Token::new(token),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("service_user_id", &self.service_user_id)
            .field("token", &self.token)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "s3cr3tTOKENvalue0123456789abcdefghijklmn";

    #[test]
    fn token_never_shows_in_debug_or_display() {
        let credentials = Credentials::new("SERVICE-1", SECRET);
        let rendered = [
            format!("{credentials:?}"),
            format!("{:?}", credentials.token),
            format!("{}", credentials.token),
            format!("{credentials:#?}"),
        ];
        for text in rendered {
            assert!(!text.contains(SECRET), "token leaked into {text:?}");
            assert!(
                !text.contains("s3cr3t"),
                "part of the token leaked into {text:?}"
            );
        }
        assert!(format!("{credentials:?}").contains("SERVICE-1"));
    }

    #[test]
    fn token_keeps_its_value_for_the_auth_header() {
        let token = Token::new(SECRET);
        assert_eq!(token.expose_secret(), SECRET);
    }
}
