#pragma once

#include <QWidget>

class QListView;

namespace NetPulse {

class EndpointList;
class EndpointListModel;
class WatchedEndpoint;

// The endpoint list on the left: one row per endpoint, with add, remove and reorder buttons. Rows
// are edited in place to rename. A newly added endpoint becomes the selected one.
class EndpointSidebar : public QWidget
{
    Q_OBJECT
public:
    explicit EndpointSidebar(EndpointList *list, QWidget *parent = nullptr);

    WatchedEndpoint *selectedEndpoint() const;
    int selectedRow() const;
    void selectRow(int row);
    EndpointListModel *model() const { return m_model; }

public slots:
    void moveSelected(int delta);
    void renameSelected();

signals:
    void selectionChanged();
    void addRequested();
    void removeRequested(); // the window removes, so that it can offer Undo

private:
    EndpointList *m_list;
    EndpointListModel *m_model;
    QListView *m_view;
};

} // namespace NetPulse
