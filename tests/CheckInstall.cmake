# The installed layout, checked the way a distribution would: `cmake --install` into a temporary
# prefix, every file where it belongs, the desktop entry under desktop-file-validate and the
# AppStream metainfo under `appstreamcli validate`. Run by the test install_layout:
#   cmake -DBUILD_DIR=<build> -DWORK_DIR=<scratch> -DGUI=ON|OFF -P tests/CheckInstall.cmake
file(REMOVE_RECURSE "${WORK_DIR}")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${WORK_DIR}/usr"
                RESULT_VARIABLE result OUTPUT_QUIET ERROR_VARIABLE errors)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "cmake --install failed: ${errors}")
endif()
set(root "${WORK_DIR}/usr")
set(expected bin/netpulse bin/netpulse-demo-server lib/systemd/user/netpulse.service
    share/doc/netpulse/examples/endpoints.json share/doc/netpulse/examples/netpulse-rules.yml
    share/doc/netpulse/endpoint-file.schema.json)
if(GUI)
    list(APPEND expected bin/netpulse-window share/applications/dev.netpulse.NetPulse.desktop
         share/icons/hicolor/scalable/apps/dev.netpulse.NetPulse.svg share/metainfo/dev.netpulse.NetPulse.metainfo.xml)
endif()
foreach(path IN LISTS expected)
    if(NOT EXISTS "${root}/${path}")
        message(FATAL_ERROR "not installed: ${path}")
    endif()
endforeach()
file(READ "${root}/lib/systemd/user/netpulse.service" unit)
if(NOT unit MATCHES "ExecStart=${root}/bin/netpulse --headless --config")
    message(FATAL_ERROR "the systemd unit does not start the installed netpulse:\n${unit}")
endif()
if(GUI)
    find_program(DESKTOP_FILE_VALIDATE desktop-file-validate)
    find_program(APPSTREAMCLI appstreamcli)
    foreach(tool DESKTOP_FILE_VALIDATE APPSTREAMCLI)
        if(NOT ${tool})
            if(DEFINED ENV{NETPULSE_REQUIRE_PROGRAMS})
                message(FATAL_ERROR "${tool} is missing (Debian desktop-file-utils, appstream)")
            endif()
            message(WARNING "${tool} is missing: not validated (scripts/test.sh installs it as root)")
        endif()
    endforeach()
    if(DESKTOP_FILE_VALIDATE)
        execute_process(COMMAND ${DESKTOP_FILE_VALIDATE} "${root}/share/applications/dev.netpulse.NetPulse.desktop"
                        RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
        if(NOT result EQUAL 0 OR out MATCHES "error")
            message(FATAL_ERROR "desktop-file-validate: ${out}")
        endif()
    endif()
    if(APPSTREAMCLI)
        execute_process(COMMAND ${APPSTREAMCLI} validate --no-net --pedantic
                                "${root}/share/metainfo/dev.netpulse.NetPulse.metainfo.xml"
                        RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
        if(NOT result EQUAL 0)
            message(FATAL_ERROR "appstreamcli validate: ${out}")
        endif()
    endif()
endif()
file(REMOVE_RECURSE "${WORK_DIR}")
