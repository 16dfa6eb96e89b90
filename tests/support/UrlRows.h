#pragma once
// The URL rows every way in is checked against (TestUrlValidator, TestUrlPaths): what a person
// types into the window, writes in an endpoint file, passes on the command line or left in the
// saved settings gets one verdict, and the same words.
#include <QTest>

inline void addUrlRows()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expectedUrl"); // empty when rejected
    QTest::addColumn<QString>("errorMentions");

    QTest::newRow("plain http") << "http://127.0.0.1:8080/health"
                                << "http://127.0.0.1:8080/health"
                                << "";
    QTest::newRow("https default port") << "https://example.test/api"
                                        << "https://example.test/api"
                                        << "";
    QTest::newRow("IPv6 literal") << "http://[::1]:9000/"
                                  << "http://[::1]:9000/"
                                  << "";
    QTest::newRow("surrounding spaces") << "  http://localhost/  "
                                        << "http://localhost/"
                                        << "";
    QTest::newRow("bare host:port gets http") << "localhost:3000/health"
                                              << "http://localhost:3000/health"
                                              << "";
    QTest::newRow("empty") << ""
                           << ""
                           << "empty";
    QTest::newRow("only spaces") << "   "
                                 << ""
                                 << "empty";
    QTest::newRow("words (a valid QUrl)") << "not a url"
                                          << ""
                                          << "space";
    QTest::newRow("scheme only (a valid QUrl)") << "http://"
                                                << ""
                                                << "no host";
    QTest::newRow("a path with two slashes is no typo") << "example.com//health"
                                                        << "http://example.com//health"
                                                        << "";
    QTest::newRow("localhost with two slashes is no typo") << "localhost:3000//x"
                                                           << "http://localhost:3000//x"
                                                           << "";
    QTest::newRow("scheme typed wrong, no colon") << "htp//127.0.0.1:18500/ok"
                                                  << ""
                                                  << "a scheme without its ':'";
    QTest::newRow("scheme typed wrong, one slash") << "htp:/x"
                                                   << ""
                                                   << "'htp:' is not a scheme";
    QTest::newRow("one slash after http:") << "http:/127.0.0.1:8080/"
                                           << ""
                                           << "two slashes";
    QTest::newRow("no colon after http") << "http//127.0.0.1:8080/"
                                         << ""
                                         << "missing the ':'";
    QTest::newRow("no colon after https") << "HTTPS//example.test/"
                                          << ""
                                          << "missing the ':'";
    QTest::newRow("unsupported scheme") << "ftp://127.0.0.1/file"
                                        << ""
                                        << "unsupported scheme 'ftp'";
    QTest::newRow("file scheme") << "file:///etc/passwd"
                                 << ""
                                 << "unsupported scheme";
    QTest::newRow("port out of range") << "http://127.0.0.1:99999/"
                                       << ""
                                       << "port";
    QTest::newRow("port zero") << "http://127.0.0.1:0/"
                               << ""
                               << "port 0";
    QTest::newRow("non-numeric port") << "http://127.0.0.1:abc/"
                                      << ""
                                      << "port";
    QTest::newRow("bad host characters") << "http://exa mple.com/"
                                         << ""
                                         << "space";
    QTest::newRow("a line break pasted in") << "http://127.0.0.1/a\nb"
                                            << ""
                                            << "control character (U+000A)";
    QTest::newRow("a tab") << "http://exa\tmple.com/"
                           << ""
                           << "control character (U+0009)";
    QTest::newRow("a raw control character, never echoed") << QStringLiteral("http://127.0.0.1/\x01x") << ""
                                                           << "control character (U+0001)";
    QTest::newRow("a zero-width format character") << QStringLiteral("http://127.0.0.1/\u200Bx") << ""
                                                   << "control character (U+200B)";
    QTest::newRow("IDN host") << QStringLiteral("http://b\u00FCcher.example/") << "http://xn--bcher-kva.example/"
                              << "";
    QTest::newRow("100 KB URL works") << QStringLiteral("http://127.0.0.1/") + QString(100 * 1024, QLatin1Char('a'))
                                      << QStringLiteral("http://127.0.0.1/") + QString(100 * 1024, QLatin1Char('a'))
                                      << "";
    QTest::newRow("credentials stay out of the error") << "http://user:hunter2@exa$mple^.com/"
                                                       << ""
                                                       << "not a valid URL";
}
