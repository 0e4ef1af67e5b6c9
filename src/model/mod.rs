//! Typed facts and identities: no logic beyond validation.
//!
//! The core types — [`Enterprise`], [`Fact`] and [`FactKind`], [`History`],
//! [`Grade`], [`Tier`], [`Severity`] — are also at the crate root. This module
//! holds their details too: key persons and their [`Role`]s, [`Honour`]s and their
//! levels, other departments, disclosure failure kinds, and the unified social
//! credit code ([`CreditCode`]).

mod credit_code;
pub(crate) mod dates;
mod enterprise;
mod fact;
mod grade;
pub(crate) mod history;
pub(crate) mod months;

pub use credit_code::CreditCode;
pub use dates::{FIRST_DATE, LAST_DATE};
pub use enterprise::{Enterprise, KeyPerson, Role};
pub use fact::{AdGrade, Department, DisclosureFailureKind, Fact, FactKind, Honour, HonourLevel};
pub use grade::{Grade, Severity, Tier};
pub use history::History;
