// A URL as a user types or pastes it (or a file holds it): validated, then redacted for display.
#include <QRegularExpression>

#include "FuzzInput.h"

#include "probe/Redactor.h"
#include "probe/UrlValidator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString input = NetPulse::Fuzz::text(data, size);
    const NetPulse::UrlValidator::Result result = NetPulse::UrlValidator::parse(input);
    const QString shown = NetPulse::Redactor::redactUrl(result.url);
    // No credentials survive redaction, this URL's or those of a URL inside it.
    static const QRegularExpression userInfo(QStringLiteral("://[^/?#@\\s]*[^/?#@\\s*]@"));
    FUZZ_REQUIRE(!shown.contains(userInfo));
    FUZZ_REQUIRE(!NetPulse::Redactor::redactText(input).contains(userInfo));
    static const QRegularExpression encoded(QStringLiteral("%3A%2F%2F(?:(?!%2F|%3F|%23|%40)[^/?#@\\s])*[^/?#@\\s*]%40"),
                                            QRegularExpression::CaseInsensitiveOption);
    FUZZ_REQUIRE(!shown.contains(encoded));
    return 0;
}
