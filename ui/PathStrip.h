#pragma once

#include <QLabel>

#include "probe/ProbeResult.h"

namespace NetPulse {

// The path of the last check as one line of steps, this machine to the service: each step's name,
// a mark for what was seen (✓ worked, ✗ failed, "not seen", "not needed") and its fact ("127.0.0.1
// refused; ::1 accepted", "nginx, HTTP 504"). Text, so a screen reader reads it as it is drawn.
class PathStrip : public QLabel
{
    Q_OBJECT
public:
    explicit PathStrip(QWidget *parent = nullptr);
    void setResult(const ProbeResult *result);
};

} // namespace NetPulse
