#pragma once

// The integration tests start real Prometheus and Alertmanager binaries. On a developer's machine
// without them the test skips with a clear message; in CI (.ci/run sets NETPULSE_REQUIRE_PROGRAMS=1)
// a missing one is a failure, so a broken install step cannot pass unseen.

#include <QStandardPaths>
#include <QString>
#include <QTest>

// Use at the top of a test function: sets `path` or skips / fails.
#define NETPULSE_REQUIRE_PROGRAM(path, name, package)                                                                  \
    const QString path = QStandardPaths::findExecutable(QStringLiteral(name));                                         \
    if (path.isEmpty()) {                                                                                              \
        if (qEnvironmentVariableIsSet("NETPULSE_REQUIRE_PROGRAMS"))                                                    \
            QFAIL(name " is not installed, and this run requires it (Debian package " package ")");                    \
        QSKIP(name " is not installed (Debian package " package "; scripts/test.sh installs it as root)");             \
    }
