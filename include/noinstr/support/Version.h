//===- Version.h - the one version string of noinstr-check -----*- C++ -*-===//
#pragma once

/// Printed by --version and recorded in SARIF output.
#define NOINSTR_VERSION "0.1.0"
