#pragma once

// A bcrypt hash for a web configuration's basic_auth_users, made the way `htpasswd -nB` does
// (libcrypt's own salt), at a low cost so tests stay quick.

#include <crypt.h>
#include <memory>

#include <QByteArray>

inline QByteArray bcryptHash(const QByteArray &password, unsigned long cost = 5)
{
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    if (!crypt_gensalt_rn("$2b$", cost, nullptr, 0, salt, sizeof salt))
        return {};
    auto data = std::make_unique<crypt_data>();
    const char *hash = crypt_r(password.constData(), salt, data.get());
    return hash && hash[0] != '*' ? QByteArray(hash) : QByteArray();
}
