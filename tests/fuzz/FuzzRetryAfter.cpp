// Retry-After values and HTTP dates as servers send them (RFC 9110 §10.2.3, §5.6.7).
#include "FuzzInput.h"

#include "monitor/RetryAfter.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray value = NetPulse::Fuzz::bytes(data, size);
    QString note;
    const QDateTime now = QDateTime(QDate(2026, 11, 30), QTime(12, 0), Qt::UTC);
    if (const std::optional<qint64> delay = NetPulse::RetryAfter::parse(value, now, &note))
        FUZZ_REQUIRE(*delay >= 0); // a delay is never negative
    NetPulse::RetryAfter::parseHttpDate(value);
    return 0;
}
