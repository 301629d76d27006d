//! Which HiBob API to talk to: production, sandbox, or a custom base URL (a proxy, or the
//! simulated tenant on loopback).

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use url::{Host, Url};

use crate::error::HibobError;

const PRODUCTION: &str = "https://api.hibob.com/v1";
const SANDBOX: &str = "https://api.sandbox.hibob.com/v1";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Environment {
    Production,
    /// HiBob's separately purchased sandbox. Whether production service users work here is not
    /// documented (docs/hibob-api.md §14, open question 10); the diagnosis mentions it when auth fails.
    Sandbox,
    Custom(BaseUrl),
}

impl Environment {
    /// The API root every endpoint path is appended to (always ends in the API version, no slash).
    pub fn base_url(&self) -> Url {
        match self {
            Environment::Production => constant_url(PRODUCTION),
            Environment::Sandbox => constant_url(SANDBOX),
            Environment::Custom(base) => base.0.clone(),
        }
    }

    /// HiBob's web app for this environment, where admins manage service users and permission
    /// groups. The sandbox's web address is not documented (docs/hibob-api.md §1.1 names only its API
    /// host), so `app.sandbox.hibob.com` is a best guess; custom URLs get production's web app.
    pub fn web_app_url(&self) -> &'static str {
        match self {
            Environment::Sandbox => "https://app.sandbox.hibob.com/",
            Environment::Production | Environment::Custom(_) => "https://app.hibob.com/",
        }
    }

    /// A short name for messages: "production", "sandbox" or the custom URL.
    pub fn label(&self) -> String {
        match self {
            Environment::Production => "production".into(),
            Environment::Sandbox => "sandbox".into(),
            Environment::Custom(base) => base.to_string(),
        }
    }
}

#[allow(clippy::expect_used)] // only ever called with the constants above, which a test parses
fn constant_url(literal: &str) -> Url {
    Url::parse(literal).expect("constant URL")
}

impl FromStr for Environment {
    type Err = HibobError;

    /// `production`, `sandbox`, or a URL (see [`BaseUrl::parse`]).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "production" | "prod" => Ok(Environment::Production),
            "sandbox" => Ok(Environment::Sandbox),
            _ => BaseUrl::parse(s.trim()).map(Environment::Custom),
        }
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// A validated custom API root.
///
/// Must be `https`, except on loopback (`127.0.0.0/8`, `::1`, `localhost`) where `http` is allowed:
/// that is where the simulated tenant runs. Credentials, queries and fragments are refused so that a
/// URL can be shown in messages without leaking anything.
#[derive(Clone, PartialEq, Eq)]
pub struct BaseUrl(Url);

impl BaseUrl {
    pub fn parse(input: &str) -> Result<Self, HibobError> {
        let invalid = |reason: &str| HibobError::InvalidBaseUrl {
            reason: reason.to_string(),
        };
        let mut url = Url::parse(input).map_err(|_| {
            invalid("it is not a valid URL; write it like https://api.example.com/v1")
        })?;
        let Some(host) = url.host() else {
            return Err(invalid("it has no host name"));
        };
        let loopback = is_loopback(&host);
        match url.scheme() {
            "https" => {}
            "http" if loopback => {}
            "http" => {
                return Err(invalid(
                    "plain http is only allowed for this computer (localhost); use https",
                ))
            }
            _ => return Err(invalid("only https URLs are supported")),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(invalid(
                "it contains a user name or password; enter credentials in their own fields",
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(invalid("it must not contain ? or # parts"));
        }
        // `--env http://127.0.0.1:PORT` means the API root of that server: add the version path.
        if url.path() == "/" || url.path().is_empty() {
            url.set_path("/v1");
        }
        let trimmed = url.path().trim_end_matches('/').to_string();
        url.set_path(&trimmed);
        Ok(Self(url))
    }

    pub fn as_url(&self) -> &Url {
        &self.0
    }
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => IpAddr::V4(*ip).is_loopback(),
        Host::Ipv6(ip) => IpAddr::V6(*ip).is_loopback(),
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str())
    }
}

impl fmt::Debug for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BaseUrl({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Environment, HibobError> {
        s.parse()
    }

    #[test]
    fn named_environments_use_hibobs_documented_hosts() {
        assert_eq!(
            parse("production").unwrap().base_url().as_str(),
            "https://api.hibob.com/v1"
        );
        assert_eq!(
            parse(" Sandbox ").unwrap().base_url().as_str(),
            "https://api.sandbox.hibob.com/v1"
        );
    }

    #[test]
    fn web_app_pages_are_hibobs_own_https_pages() {
        // The app opens these in the browser and nothing else, so they must stay HiBob's own.
        for environment in [
            Environment::Production,
            Environment::Sandbox,
            parse("https://proxy.example.com/v1").unwrap(),
        ] {
            let page = Url::parse(environment.web_app_url()).unwrap();
            let host = page.host_str().unwrap();
            assert_eq!(page.scheme(), "https");
            assert!(
                host == "hibob.com" || host.ends_with(".hibob.com"),
                "{host}"
            );
        }
    }

    #[test]
    fn loopback_may_use_plain_http_and_gets_the_version_path() {
        for (input, expected) in [
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080/v1"),
            ("http://127.3.4.5:1/", "http://127.3.4.5:1/v1"),
            ("http://localhost:9000/v1/", "http://localhost:9000/v1"),
            ("http://[::1]:9000", "http://[::1]:9000/v1"),
            (
                "https://proxy.example.com/hibob/v1",
                "https://proxy.example.com/hibob/v1",
            ),
        ] {
            assert_eq!(
                parse(input).unwrap().base_url().as_str(),
                expected,
                "{input}"
            );
        }
    }

    #[test]
    fn unsafe_or_broken_urls_are_refused_with_a_reason() {
        for input in [
            "http://api.example.com",
            "http://10.0.0.1:8080",
            "http://localhost.example.com",
            "ftp://127.0.0.1",
            "https://user:pass@api.example.com",
            "https://api.example.com/v1?x=1",
            "not a url",
            "",
        ] {
            match parse(input) {
                Err(HibobError::InvalidBaseUrl { reason }) => assert!(!reason.is_empty()),
                other => panic!("{input:?} should be refused, got {other:?}"),
            }
        }
    }
}
