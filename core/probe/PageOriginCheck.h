#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

#include "probe/ProbeOptions.h"

namespace NetPulse {

// What a page's XMLHttpRequest or fetch() would see of an answer NetPulse got fine. A page at
// another origin gets status 0 when the browser blocks the answer: an https page calling http
// (mixed content), a request the browser must ask about first (a CORS preflight, for a method or
// header that is not "simple") whose answer does not allow it, an answer without
// Access-Control-Allow-Origin for the page's origin, or a public page calling a private address
// without Access-Control-Allow-Private-Network. The rules are the Fetch standard's (CORS-safelisted
// methods and headers) and Private Network Access'; docs/path.md says what is and is not modelled.
class PageOriginCheck
{
public:
    // "scheme://host[:port]" with nothing after it; empty when usable, else why not.
    static QString validateOrigin(const QString &origin);

    struct Preflight
    {
        bool needed = false;
        QByteArray method;           // Access-Control-Request-Method
        QByteArray headers;          // Access-Control-Request-Headers: lower-case names, sorted, comma-separated
        bool privateNetwork = false; // Access-Control-Request-Private-Network: true
        QString why;                 // "the header Authorization is not a simple one"
    };

    // Same origin: nothing for the browser to check.
    static bool sameOrigin(const QUrl &page, const QUrl &endpoint);
    // The browser does not even send it; empty when allowed.
    static QString mixedContent(const QUrl &page, const QUrl &endpoint);
    static Preflight preflightFor(const ProbeOptions &options, const QUrl &page);
    // Empty when the preflight's answer allows the request; else why not.
    static QString judgePreflight(int status, const HeaderList &headers, const QUrl &page, const Preflight &preflight);
    // No answer to the preflight at all (`error`: what went wrong, already redacted).
    static QString preflightUnanswered(const Preflight &preflight, const QString &error);
    // Empty when the answer may be handed to the page; else why not. A Cookie header among the
    // endpoint's own means the page sends credentials: then "*" is not enough, and the answer must
    // also say Access-Control-Allow-Credentials: true (Fetch standard).
    static QString judgeAnswer(const HeaderList &headers, const QUrl &page, const ProbeOptions &options);
    static QString serialised(const QUrl &page); // "http://localhost:3000", as the Origin header says it
};

} // namespace NetPulse
