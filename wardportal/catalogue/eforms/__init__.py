"""What an application says about its own case: yes/no questions that switch documents on or off, and the
structured declaration (tờ khai điện tử) whose answers become the official declaration PDF.

`definition` checks what the import file and the editor define; `answers` checks what the applicant
typed and decides which documents apply; `declaration` renders the answers into the PDF kept with the
dossier. The apply blueprint shows the steps; no request objects in here.
"""
