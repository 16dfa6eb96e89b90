#pragma once

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QButtonGroup;
class QComboBox;
class QLineEdit;
class QListView;
class QToolButton;

namespace NetPulse {

class EndpointFilterModel;
class EndpointList;
class EndpointListModel;
class WatchedEndpoint;

// The endpoint list on the left: one row per endpoint, with add, remove and reorder buttons. Rows
// are edited in place to rename. A newly added endpoint becomes the selected one.
// For a fleet: a summary line ("3 down · 2 retrying · 995 up", each count a button that shows only
// its rows), a filter box and an order (the list's, worst first, by name). Rows are numbered as in
// the EndpointList everywhere outside this widget, whatever the view shows.
class EndpointSidebar : public QWidget
{
    Q_OBJECT
public:
    explicit EndpointSidebar(EndpointList *list, QWidget *parent = nullptr);

    WatchedEndpoint *selectedEndpoint() const;
    int selectedRow() const;
    void selectRow(int row);
    EndpointListModel *model() const { return m_model; }
    EndpointFilterModel *filterModel() const { return m_filter; }
    // Puts the keyboard in the filter box (Ctrl+F), its words selected.
    void focusFilter();
    // Puts the keyboard in the list, on the selected row.
    void focusList();

public slots:
    void moveSelected(int delta);
    void renameSelected();

signals:
    void selectionChanged();
    void addRequested();
    void removeRequested(); // the window removes, so that it can offer Undo
    // A row's verdict changed and assistive technology was told (NameChanged on the row).
    void rowVerdictChanged(int row);

private:
    void setSelected(WatchedEndpoint *endpoint);
    void reshaped();
    void showSelected();
    void refreshSummary();
    void refreshMoveButtons();

    EndpointList *m_list;
    EndpointListModel *m_model;
    EndpointFilterModel *m_filter;
    QListView *m_view;
    QLineEdit *m_filterEdit;
    QComboBox *m_order;
    QButtonGroup *m_groups;
    QList<QToolButton *> m_groupButtons;  // by EndpointListModel::Group
    QPointer<WatchedEndpoint> m_selected; // the selection; the view's current row follows it
    bool m_removingSelected = false;
    bool m_reshaping = false; // the filter is changing the view's rows
    QTimer m_refilter;
    QToolButton *m_up = nullptr;
    QToolButton *m_down = nullptr;
};

} // namespace NetPulse
